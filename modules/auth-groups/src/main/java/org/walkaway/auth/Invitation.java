package org.walkaway.auth;

import java.util.Base64;

/**
 * A delegation handed over as one copyable line: {@code walkaway-invite:} followed by the unpadded
 * base64url of its envelope. A typical invitation (did:key principals, a short command, an empty
 * policy, no expiry) is about 450 characters. Reading one only decodes the delegation; whether it grants
 * anything is decided when it is used in a chain.
 */
public final class Invitation {
  public static final String PREFIX = "walkaway-invite:";
  /** Longer text is refused before decoding. */
  public static final int MAX_LENGTH = 16 * 1024;

  private Invitation() {}

  public static String encode(Delegation delegation) {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(delegation.token().toArray());
  }

  public static Decoded<Delegation> decode(String text) {
    String s = text.strip();
    if (s.length() > MAX_LENGTH) {
      return malformed("an invitation is at most " + MAX_LENGTH + " characters");
    }
    if (!s.startsWith(PREFIX)) {
      return malformed("an invitation starts with " + PREFIX);
    }
    String body = s.substring(PREFIX.length());
    if (!body.matches("[A-Za-z0-9_-]*")) {
      return malformed("an invitation is unpadded base64url after its prefix");
    }
    byte[] token;
    try {
      token = Base64.getUrlDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      return malformed("an invitation is unpadded base64url after its prefix");
    }
    return Delegation.decode(token);
  }

  private static Decoded<Delegation> malformed(String message) {
    return new Decoded.Failed<>(new UcanError(ErrorName.MALFORMED_TOKEN, message));
  }
}

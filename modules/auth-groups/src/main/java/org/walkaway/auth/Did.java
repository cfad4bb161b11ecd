package org.walkaway.auth;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import org.walkaway.auth.internal.Multibase;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;

/**
 * A principal: a {@code did:key} holding an Ed25519 public key ({@code did:key:z6Mk…}: base58btc of
 * the multicodec 0xed varint {@code ed 01} and the 32 key bytes). Other DID methods and key types
 * are refused with {@link ErrorName#UNSUPPORTED_DID}.
 */
public record Did(PublicKey key) implements Comparable<Did> {
  private static final String PREFIX = "did:key:z";

  public Did {
    Objects.requireNonNull(key, "key");
  }

  /** Reads a did:key; a bug (IllegalArgumentException) if it is not an Ed25519 did:key. */
  public static Did parse(CharSequence text) {
    return switch (read(text)) {
      case Decoded.Ok<Did> ok -> ok.value();
      case Decoded.Failed<Did> failed -> throw new IllegalArgumentException(failed.error().toString());
    };
  }

  /** Reads a did:key supplied by a peer. */
  public static Decoded<Did> read(CharSequence text) {
    String s = text.toString();
    if (!s.startsWith(PREFIX)) {
      return unsupported("only did:key with base58btc keys is supported: " + abbreviate(s));
    }
    byte[] raw;
    try {
      raw = Multibase.decodeBase58(s.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return unsupported("did:key is not base58btc: " + abbreviate(s));
    }
    if (raw.length != 34 || (raw[0] & 0xff) != 0xed || raw[1] != 0x01) {
      return unsupported("only Ed25519 did:key (multicodec 0xed) is supported: " + abbreviate(s));
    }
    byte[] key = new byte[32];
    System.arraycopy(raw, 2, key, 0, 32);
    return new Decoded.Ok<>(new Did(new PublicKey(Bytes.of(key))));
  }

  private static Decoded<Did> unsupported(String message) {
    return new Decoded.Failed<>(new UcanError(ErrorName.UNSUPPORTED_DID, message));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  @Override
  public int compareTo(Did other) {
    return key.compareTo(other.key);
  }

  @Override
  public String toString() {
    ByteArrayOutputStream raw = new ByteArrayOutputStream(34);
    raw.write(0xed);
    raw.write(0x01);
    raw.writeBytes(key.bytes().toArray());
    return PREFIX + Multibase.encodeBase58(raw.toByteArray());
  }
}

package org.walkaway.encryption;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.walkaway.core.Verdict;

/**
 * What a peer publishes so that others can start a conversation while it is offline: its
 * {@link IdentityBinding}, a {@link SignedPrekey} and zero or more {@link OneTimePrekey}s.
 */
public record PrekeyBundle(IdentityBinding identity, SignedPrekey signedPrekey, List<OneTimePrekey> oneTimePrekeys) {
  public PrekeyBundle {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(signedPrekey, "signedPrekey");
    oneTimePrekeys = List.copyOf(oneTimePrekeys);
  }

  /**
   * Accepts the bundle when both signatures verify under the identity and the signed prekey is valid
   * at {@code now}; otherwise {@link EncryptionFailure#BAD_SIGNATURE} or {@link EncryptionFailure#EXPIRED}.
   */
  public Verdict<PrekeyBundle> verify(Instant now) {
    if (!identity.verifies()) {
      return Verdict.rejected(EncryptionFailure.BAD_SIGNATURE.rejection("the identity binding of " + identity.identity() + " does not verify"));
    }
    if (!signedPrekey.verifies(identity.identity())) {
      return Verdict.rejected(EncryptionFailure.BAD_SIGNATURE.rejection("signed prekey " + signedPrekey.id() + " does not verify under " + identity.identity()));
    }
    if (!signedPrekey.isValidAt(now)) {
      return Verdict.rejected(EncryptionFailure.EXPIRED.rejection("signed prekey " + signedPrekey.id() + " is valid "
          + signedPrekey.notBefore() + " .. " + signedPrekey.notAfter() + ", not at " + now));
    }
    return Verdict.accepted(this);
  }
}

package org.walkaway.encryption;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.walkaway.core.SigningKey;

/** A peer with an Ed25519 identity, its LocalIdentity and a signed prekey, for the tests. */
record Fixtures(SigningKey signingKey, LocalIdentity local) {
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  static final Duration WEEK = Duration.ofDays(7);

  static Fixtures peer(SplittableRandom random) {
    SigningKey signingKey = SigningKey.generate(random);
    LocalIdentity local = LocalIdentity.create(signingKey, random);
    local.rotateSignedPrekey(signingKey, NOW.minusSeconds(60), WEEK);
    return new Fixtures(signingKey, local);
  }
}

package org.walkaway.encryption.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key-derivation steps of the message scheme's per-sender symmetric ratchet, all HKDF-SHA256:
 *
 * <pre>
 *   chainKey[0]                  = HKDF(salt = "", ikm = seed, info = transcript(SEED_LABEL, sender, generation), 32)
 *   chainKey[n+1] || messageKey[n] = HKDF-Expand(prk = chainKey[n], info = STEP_LABEL, 64)
 * </pre>
 *
 * The seed is a fresh per-sender secret (a DCGKA update secret); sender and generation in the info
 * make two chains differ even if a seed were ever reused. A step is one-way: from chainKey[n+1] no
 * earlier chain or message key can be computed, which is what forward secrecy rests on once the
 * caller zeroes what it no longer needs.
 */
public final class RatchetKdf {
  public static final int KEY_LENGTH = 32;
  private static final String SEED_LABEL = "walkaway/encryption/message-ratchet/seed/v1";
  private static final byte[] STEP_LABEL =
      "walkaway/encryption/message-ratchet/step/v1".getBytes(StandardCharsets.US_ASCII);

  private RatchetKdf() {}

  /** chainKey[0] of the chain of {@code sender} at {@code generation}. */
  public static byte[] initialChainKey(byte[] seed, byte[] sender, long generation) {
    byte[] info = Transcript.of(SEED_LABEL).add(sender).add(generation).toByteArray();
    return Hkdf.derive(new byte[0], seed, info, KEY_LENGTH);
  }

  /**
   * One step: returns {@code {nextChainKey, messageKey}}. The caller owns both arrays and the input,
   * and zeroes them when done.
   */
  public static byte[][] step(byte[] chainKey) {
    byte[] both = Hkdf.expand(chainKey, STEP_LABEL, 2 * KEY_LENGTH);
    try {
      return new byte[][] {Arrays.copyOf(both, KEY_LENGTH), Arrays.copyOfRange(both, KEY_LENGTH, 2 * KEY_LENGTH)};
    } finally {
      Arrays.fill(both, (byte) 0);
    }
  }
}

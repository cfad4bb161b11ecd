package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;

/**
 * An event body sealed by the {@link MessageScheme}: which key of the author's ratchet opens it
 * ({@code generation}, {@code counter}), the random nonce, the key commitment, and the ciphertext with
 * its tag. On the wire it is {@link MessageEnvelopeCodec}'s canonical CBOR.
 */
public record MessageEnvelope(long generation, long counter, Bytes nonce, Bytes commitment, Bytes ciphertext) {
  public static final int NONCE_LENGTH = 24;
  public static final int COMMITMENT_LENGTH = 32;
  public static final int TAG_LENGTH = 16;

  public MessageEnvelope {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (generation < 0 || generation > SendingChain.MAX_COUNTER) {
      throw new IllegalArgumentException("a generation is in 0..2^32-1, got " + generation);
    }
    if (counter < 0 || counter > SendingChain.MAX_COUNTER) {
      throw new IllegalArgumentException("a counter is in 0..2^32-1, got " + counter);
    }
    if (nonce.length() != NONCE_LENGTH) {
      throw new IllegalArgumentException("the nonce is 24 bytes, got " + nonce.length());
    }
    if (commitment.length() != COMMITMENT_LENGTH) {
      throw new IllegalArgumentException("the commitment is 32 bytes, got " + commitment.length());
    }
    if (ciphertext.length() < TAG_LENGTH) {
      throw new IllegalArgumentException("the ciphertext has at least the 16-byte tag, got " + ciphertext.length());
    }
  }
}

package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.CodecReader;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The wire form of a {@link MessageEnvelope}, canonical CBOR:
 *
 * <pre>
 *   [5, generation: uint, counter: uint, nonce: bstr(24), commitment: bstr(32), ciphertext: bstr(16..)]
 * </pre>
 *
 * The leading 5 is the type tag of this module's wire formats (1 and 2: channel messages, 3: prekey
 * bundle, 4: X3DH header, 5: message envelope), so that bytes of one type never decode as another.
 * Decoding accepts exactly the bytes that encoding gives (shortest integers, definite lengths, no
 * trailing bytes) and refuses the rest with {@link EncryptionFailure#MALFORMED}.
 */
public final class MessageEnvelopeCodec {
  static final int TYPE = 5;
  /** A sealed event body is at most an event's payload, which event-core bounds by 2^32-1 bytes. */
  static final int MAX_CIPHERTEXT = Integer.MAX_VALUE - 64;

  private MessageEnvelopeCodec() {}

  public static Bytes encode(MessageEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return Bytes.of(new CodecWriter(envelope.ciphertext().length() + 80)
        .array(6)
        .unsigned(TYPE)
        .unsigned(envelope.generation())
        .unsigned(envelope.counter())
        .bytes(envelope.nonce().toArray())
        .bytes(envelope.commitment().toArray())
        .bytes(envelope.ciphertext().toArray())
        .toByteArray());
  }

  public static Verdict<MessageEnvelope> decode(Bytes encoded) {
    Objects.requireNonNull(encoded, "encoded");
    try {
      CodecReader in = new CodecReader(encoded.toArray());
      in.array(6, "a message envelope");
      in.tag(TYPE, "a message envelope");
      long generation = in.unsigned(SendingChain.MAX_COUNTER, "the generation");
      long counter = in.unsigned(SendingChain.MAX_COUNTER, "the counter");
      byte[] nonce = in.bytes(MessageEnvelope.NONCE_LENGTH, "the nonce");
      byte[] commitment = in.bytes(MessageEnvelope.COMMITMENT_LENGTH, "the commitment");
      byte[] ciphertext = in.bytes(MessageEnvelope.TAG_LENGTH, MAX_CIPHERTEXT, "the ciphertext");
      in.end("a message envelope");
      return Verdict.accepted(new MessageEnvelope(generation, counter, Bytes.of(nonce), Bytes.of(commitment), Bytes.of(ciphertext)));
    } catch (CodecReader.Malformed e) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection(e.getMessage()));
    }
  }
}

package org.walkaway.encryption;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.OptionalLong;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.CodecReader;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The pieces the wire codecs of this module share: how an identity binding, a prekey, an X3DH
 * header and an instant are written inside a larger item, and how a failed read becomes a
 * {@link EncryptionFailure#MALFORMED} rejection.
 */
final class CodecParts {
  /** Type tags: the first element of every top-level encoding. */
  static final int INITIAL_MESSAGE = 1;
  static final int REGULAR_MESSAGE = 2;
  static final int PREKEY_BUNDLE = 3;
  static final int X3DH_HEADER = 4;

  private CodecParts() {}

  interface Read<T> {
    T from(CodecReader in);
  }

  /**
   * Runs {@code read} over {@code encoded} and requires it to consume every byte. A read that breaks
   * the format, or values that a record's constructor refuses (a prekey lifetime that ends before it
   * begins, an instant out of range), are {@code MALFORMED}.
   */
  static <T> Verdict<T> decode(Bytes encoded, String what, Read<T> read) {
    try {
      CodecReader in = new CodecReader(encoded.toArray());
      T value = read.from(in);
      in.end(what);
      return Verdict.accepted(value);
    } catch (CodecReader.Malformed | IllegalArgumentException | DateTimeException e) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection(what + ": " + e.getMessage()));
    }
  }

  static void writeBinding(CodecWriter out, IdentityBinding binding) {
    out.array(3)
        .bytes(binding.identity().bytes().toArray())
        .bytes(binding.dhKey().bytes().toArray())
        .bytes(binding.signature().bytes().toArray());
  }

  static IdentityBinding readBinding(CodecReader in) {
    in.array(3, "an identity binding");
    return new IdentityBinding(
        new PublicKey(Bytes.of(in.bytes(PublicKey.LENGTH, "the identity key"))),
        readX25519(in, "the long-term X25519 key"),
        new Signature(Bytes.of(in.bytes(Signature.LENGTH, "the binding's signature"))));
  }

  static X25519PublicKey readX25519(CodecReader in, String what) {
    return new X25519PublicKey(Bytes.of(in.bytes(X25519PublicKey.LENGTH, what)));
  }

  /** The X3DH header's four fields, without array head or tag. */
  static void writeX3dhFields(CodecWriter out, X3dhHeader header) {
    writeBinding(out, header.initiator());
    out.bytes(header.ephemeralKey().bytes().toArray()).integer(header.signedPrekeyId());
    if (header.oneTimePrekeyId().isPresent()) {
      out.integer(header.oneTimePrekeyId().getAsLong());
    } else {
      out.nul();
    }
  }

  static X3dhHeader readX3dhFields(CodecReader in) {
    IdentityBinding initiator = readBinding(in);
    X25519PublicKey ephemeral = readX25519(in, "the ephemeral key");
    long signedPrekeyId = in.integer("the signed prekey id");
    OptionalLong oneTime = in.nul("the one-time prekey id")
        ? OptionalLong.empty()
        : OptionalLong.of(in.integer("the one-time prekey id"));
    return new X3dhHeader(initiator, ephemeral, signedPrekeyId, oneTime);
  }

  /** An instant as two integers: epoch seconds, then nanoseconds 0..999,999,999. */
  static void writeInstant(CodecWriter out, Instant instant) {
    out.integer(instant.getEpochSecond()).unsigned(instant.getNano());
  }

  static Instant readInstant(CodecReader in, String what) {
    long seconds = in.integer(what + " (seconds)");
    long nanos = in.unsigned(999_999_999, what + " (nanoseconds)");
    return Instant.ofEpochSecond(seconds, nanos);
  }
}

package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.CodecReader;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The wire form of a {@link ChannelMessage}, canonical CBOR:
 *
 * <pre>
 *   Initial: [1, header: [initiator, ephemeralKey, signedPrekeyId, oneTimePrekeyId / null],
 *                nextKey: bstr(32), ciphertext: bstr]
 *   Regular: [2, counter: uint, recipientKey: bstr(32), nextKey: bstr(32), enc: bstr(32), ciphertext: bstr]
 * </pre>
 *
 * (The header's fields as in {@link X3dhHeaderCodec}.) Ciphertexts are at most
 * {@link #MAX_CIPHERTEXT} bytes and at least a 16-byte tag. Decoding accepts exactly what encoding
 * gives and refuses the rest with {@link EncryptionFailure#MALFORMED}.
 */
public final class ChannelMessageCodec {
  /** 16 MiB: channel messages carry key material (DCGKA's direct messages), never bulk data. */
  public static final int MAX_CIPHERTEXT = 16 * 1024 * 1024;
  static final int TAG_LENGTH = 16;
  static final int ENC_LENGTH = 32;

  private ChannelMessageCodec() {}

  public static Bytes encode(ChannelMessage message) {
    Objects.requireNonNull(message, "message");
    return switch (message) {
      case ChannelMessage.Initial initial -> {
        checkCiphertext(initial.ciphertext());
        CodecWriter out = new CodecWriter(300 + initial.ciphertext().length()).array(4).unsigned(CodecParts.INITIAL_MESSAGE).array(4);
        CodecParts.writeX3dhFields(out, initial.header());
        yield Bytes.of(out.bytes(initial.nextKey().bytes().toArray()).bytes(initial.ciphertext().toArray()).toByteArray());
      }
      case ChannelMessage.Regular regular -> {
        checkCiphertext(regular.ciphertext());
        if (regular.enc().length() != ENC_LENGTH) {
          throw new IllegalArgumentException("an HPKE X25519 enc is 32 bytes, got " + regular.enc().length());
        }
        yield Bytes.of(new CodecWriter(120 + regular.ciphertext().length())
            .array(6)
            .unsigned(CodecParts.REGULAR_MESSAGE)
            .unsigned(regular.counter())
            .bytes(regular.recipientKey().bytes().toArray())
            .bytes(regular.nextKey().bytes().toArray())
            .bytes(regular.enc().toArray())
            .bytes(regular.ciphertext().toArray())
            .toByteArray());
      }
    };
  }

  public static Verdict<ChannelMessage> decode(Bytes encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return CodecParts.decode(encoded, "a channel message", (CodecReader in) -> {
      int length = in.arrayUpTo(6, "a channel message");
      long tag = in.unsigned(255, "a channel message's type tag");
      if (tag == CodecParts.INITIAL_MESSAGE && length == 4) {
        in.array(4, "an X3DH header");
        X3dhHeader header = CodecParts.readX3dhFields(in);
        return new ChannelMessage.Initial(header, CodecParts.readX25519(in, "the next key"),
            Bytes.of(in.bytes(TAG_LENGTH, MAX_CIPHERTEXT, "the ciphertext")));
      }
      if (tag == CodecParts.REGULAR_MESSAGE && length == 6) {
        return new ChannelMessage.Regular(
            in.unsigned(Long.MAX_VALUE, "the counter"),
            CodecParts.readX25519(in, "the recipient key"),
            CodecParts.readX25519(in, "the next key"),
            Bytes.of(in.bytes(ENC_LENGTH, "the encapsulated key")),
            Bytes.of(in.bytes(TAG_LENGTH, MAX_CIPHERTEXT, "the ciphertext")));
      }
      throw new CodecReader.Malformed("a channel message is [1, ...] of 4 elements or [2, ...] of 6, got tag " + tag
          + " with " + length + " elements");
    });
  }

  private static void checkCiphertext(Bytes ciphertext) {
    if (ciphertext.length() < TAG_LENGTH || ciphertext.length() > MAX_CIPHERTEXT) {
      throw new IllegalArgumentException("a ciphertext is " + TAG_LENGTH + " to " + MAX_CIPHERTEXT + " bytes, got " + ciphertext.length());
    }
  }
}

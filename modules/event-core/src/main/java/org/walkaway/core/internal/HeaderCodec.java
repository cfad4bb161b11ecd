package org.walkaway.core.internal;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.Verdict;

/**
 * The header's CBOR array, in and out.
 *
 * <pre>
 *   [ version, public_key, signature?, payload_size, payload_hash?, seq_num, backlink?, extensions? ]
 *      uint      bstr 32     bstr 64      uint          bstr 32        uint     bstr 32    any item
 * </pre>
 *
 * Decoding runs in two passes. {@link CborScanner} first proves the bytes are one canonical,
 * bounded CBOR array (Jackson is lenient about encodings, so it cannot be the judge of canonical
 * form); then Jackson's streaming parser reads the fields, driven by their values as the format
 * says: a payload hash only if the size is not 0, a backlink only if the sequence number is not 0,
 * then extensions if one element remains. Encoding uses Jackson's generator for the fields and
 * appends the extensions item verbatim.
 */
public final class HeaderCodec {
  private HeaderCodec() {}

  private static final CBORFactory FACTORY =
      CBORFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  /** Offset of the signature element in a version-1 header with a 32-byte key: head, version, key. */
  static final int SIGNATURE_START = 1 + 1 + 2 + 32;

  static final int SIGNATURE_END = SIGNATURE_START + 2 + 64;

  /** The fields of a header, undecorated; {@code null} marks an absent optional element. */
  public record Fields(
      int version,
      byte[] publicKey,
      byte[] signature,
      long payloadSize,
      byte[] payloadHash,
      long seqNum,
      byte[] backlink,
      byte[] extensions) {}

  /** Encodes {@code fields}; without a signature this is exactly the message that is signed. */
  public static byte[] encode(Fields fields) {
    int count =
        4
            + (fields.signature() != null ? 1 : 0)
            + (fields.payloadHash() != null ? 1 : 0)
            + (fields.backlink() != null ? 1 : 0)
            + (fields.extensions() != null ? 1 : 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream(160 + extensionsLength(fields));
    out.write(0x80 | count);
    try (CBORGenerator generator = FACTORY.createGenerator(out)) {
      generator.writeNumber(fields.version());
      generator.writeBinary(fields.publicKey());
      if (fields.signature() != null) {
        generator.writeBinary(fields.signature());
      }
      generator.writeNumber(fields.payloadSize());
      if (fields.payloadHash() != null) {
        generator.writeBinary(fields.payloadHash());
      }
      generator.writeNumber(fields.seqNum());
      if (fields.backlink() != null) {
        generator.writeBinary(fields.backlink());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    if (fields.extensions() != null) {
      out.writeBytes(fields.extensions());
    }
    return out.toByteArray();
  }

  private static int extensionsLength(Fields fields) {
    return fields.extensions() == null ? 0 : fields.extensions().length;
  }

  /**
   * The signed message of a canonical, signed version-1 header: the same bytes with the signature
   * element cut out and the array one element shorter. No re-encoding, so it is exact whatever the
   * extensions hold.
   */
  public static byte[] signedMessage(byte[] header) {
    byte[] message = new byte[header.length - (SIGNATURE_END - SIGNATURE_START)];
    message[0] = (byte) (header[0] - 1);
    System.arraycopy(header, 1, message, 1, SIGNATURE_START - 1);
    System.arraycopy(header, SIGNATURE_END, message, SIGNATURE_START, header.length - SIGNATURE_END);
    return message;
  }

  /** Decodes a signed header's fields; checks shape and encoding, not the signature. */
  public static Verdict<Fields> decode(byte[] bytes, DecodeLimits limits) {
    if (bytes.length > limits.maxHeaderBytes()) {
      return Verdict.rejected(
          Reason.LIMIT_EXCEEDED,
          "header is " + bytes.length + " bytes; the limit is " + limits.maxHeaderBytes());
    }
    if (bytes.length == 0) {
      return Verdict.rejected(Reason.MALFORMED, "empty input: a header is a CBOR array");
    }
    CborScanner scanner =
        new CborScanner(bytes, bytes.length, limits.maxNestingDepth() + 1, limits.maxItems());
    int count;
    int[] starts;
    try {
      CborScanner.Head array = scanner.head(0);
      if (array.major() != 4) {
        return Verdict.rejected(Reason.MALFORMED, "a header is a CBOR array; got major type " + array.major());
      }
      if (array.argument() < 5 || array.argument() > 8) {
        return Verdict.rejected(
            Reason.MALFORMED,
            "a signed header has 5 to 8 elements; got " + Long.toUnsignedString(array.argument()));
      }
      count = (int) array.argument();
      starts = new int[count + 1];
      int pos = array.contentStart();
      for (int i = 0; i < count; i++) {
        starts[i] = pos;
        pos = scanner.skip(pos, 1);
      }
      starts[count] = pos;
      if (pos != bytes.length) {
        return Verdict.rejected(
            Reason.MALFORMED, (bytes.length - pos) + " trailing bytes after the header array");
      }
    } catch (CborException e) {
      return Verdict.rejected(e.rejection());
    }
    try (CBORParser parser = FACTORY.createParser(bytes)) {
      expect(parser.nextToken(), JsonToken.START_ARRAY, "header");
      long version = unsigned(parser, "version");
      if (version != 1) {
        return Verdict.rejected(
            Reason.UNSUPPORTED_VERSION, "header version " + version + "; this implementation reads 1");
      }
      byte[] publicKey = byteString(parser, "public key", 32, Reason.MALFORMED);
      byte[] signature = byteString(parser, "signature", 64, Reason.MALFORMED);
      long payloadSize = unsigned(parser, "payload size");
      if (payloadSize > limits.maxPayloadBytes()) {
        return Verdict.rejected(
            Reason.LIMIT_EXCEEDED,
            "payload size " + payloadSize + " exceeds the limit of " + limits.maxPayloadBytes());
      }
      int read = 4;
      byte[] payloadHash = null;
      if (payloadSize > 0) {
        payloadHash = byteString(parser, "payload hash", 32, Reason.INVALID_FIELD);
        read++;
      } else if (parser.nextToken() == JsonToken.VALUE_EMBEDDED_OBJECT) {
        throw new FieldError(Reason.INVALID_FIELD, "a payload hash is present although the payload size is 0");
      }
      long seqNum = payloadSize > 0 ? unsigned(parser, "sequence number") : current(parser, "sequence number");
      read++;
      byte[] backlink = null;
      if (seqNum > 0) {
        if (read >= count) {
          throw new FieldError(Reason.INVALID_FIELD, "a backlink is required when the sequence number is > 0");
        }
        backlink = byteString(parser, "backlink", 32, Reason.INVALID_FIELD);
        read++;
      }
      byte[] extensions = null;
      if (read < count) {
        extensions = java.util.Arrays.copyOfRange(bytes, starts[read], starts[read + 1]);
        read++;
      }
      if (read != count) {
        return Verdict.rejected(
            Reason.MALFORMED,
            "the header has " + count + " elements, but its fields account for " + read
                + " (extra elements, or a payload hash or backlink the values do not call for)");
      }
      return Verdict.accepted(
          new Fields(1, publicKey, signature, payloadSize, payloadHash, seqNum, backlink, extensions));
    } catch (FieldError e) {
      return Verdict.rejected(Rejection.of(e.reason, e.getMessage()));
    } catch (IOException e) {
      return Verdict.rejected(Reason.MALFORMED, "unreadable header: " + e.getMessage());
    }
  }

  private static long current(CBORParser parser, String what) throws IOException {
    return unsignedValue(parser, parser.currentToken(), what);
  }

  private static long unsigned(CBORParser parser, String what) throws IOException {
    return unsignedValue(parser, parser.nextToken(), what);
  }

  private static long unsignedValue(CBORParser parser, JsonToken token, String what)
      throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw new FieldError(Reason.MALFORMED, what + " must be an unsigned integer, got " + describe(token));
    }
    if (parser.getNumberType() == CBORParser.NumberType.BIG_INTEGER
        || parser.getLongValue() < 0
        || parser.getLongValue() > 0xFFFF_FFFFL) {
      throw new FieldError(Reason.INVALID_FIELD, what + " must be in 0..2^32-1, got " + parser.getText());
    }
    return parser.getLongValue();
  }

  /**
   * Reads a byte string of {@code length} bytes. {@code ifOtherType} is the reason when another item
   * stands in its place: MALFORMED for the elements always present; INVALID_FIELD for the payload hash
   * and the backlink, whose absence where the values call for them breaks a presence rule, whatever
   * item follows instead (so a missing backlink is INVALID_FIELD with or without extensions after it).
   */
  private static byte[] byteString(CBORParser parser, String what, int length, Reason ifOtherType)
      throws IOException {
    JsonToken token = parser.nextToken();
    if (token != JsonToken.VALUE_EMBEDDED_OBJECT) {
      throw new FieldError(ifOtherType, what + " must be a byte string, got " + describe(token));
    }
    byte[] value = parser.getBinaryValue();
    if (value.length != length) {
      throw new FieldError(
          Reason.INVALID_FIELD, what + " must be " + length + " bytes, got " + value.length);
    }
    return value;
  }

  private static void expect(JsonToken actual, JsonToken expected, String what) {
    if (actual != expected) {
      throw new FieldError(Reason.MALFORMED, what + ": expected " + expected + ", got " + describe(actual));
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the array";
    }
    return switch (token) {
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_EMBEDDED_OBJECT -> "a byte string";
      case VALUE_STRING -> "a text string";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "a map";
      case END_ARRAY -> "the end of the array";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  private static final class FieldError extends RuntimeException {
    final Reason reason;

    FieldError(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}

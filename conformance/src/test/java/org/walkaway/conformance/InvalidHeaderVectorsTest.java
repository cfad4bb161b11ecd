package org.walkaway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;

/**
 * The invalid header vectors have one defect each: wherever a signature can be found at all, it is
 * correct over the header's own bytes, unless the signature is the defect. Otherwise a vector meant
 * to test, say, non-shortest integers would also pass for an implementation that checks the
 * signature first and the encoding never.
 *
 * <p>The signature is cut out with a lenient CBOR reader (any well-formed item, canonical or not)
 * and the array head rewritten one element shorter in the same form, which is how the generator
 * signed it.
 */
class InvalidHeaderVectorsTest {

  @Test
  void everyFindableSignatureIsCorrectUnlessItIsTheDefect() {
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (Vectors.HeaderTest test : Vectors.eventHeaders().tests()) {
      if (test.result() != Vectors.Result.INVALID) {
        continue;
      }
      Optional<Boolean> verifies = signatureVerifies(test.header().toArray());
      if (verifies.isEmpty()) {
        continue;
      }
      checked++;
      boolean signatureIsTheDefect = test.error().orElseThrow().equals("BAD_SIGNATURE");
      if (verifies.get() == signatureIsTheDefect) {
        wrong.add("tcId " + test.tcId() + " (" + test.comment() + "): signature verifies = " + verifies.get());
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(checked > 80, "only " + checked + " invalid vectors had a signature to check");
  }

  /** Whether the header's signature verifies; empty if the header is too broken to find it. */
  private static Optional<Boolean> signatureVerifies(byte[] header) {
    try {
      if (header.length == 0 || (header[0] & 0xff) >>> 5 != 4) {
        return Optional.empty();
      }
      int info = header[0] & 0x1f;
      boolean indefinite = info == 31;
      int headLength = indefinite ? 1 : info < 24 ? 1 : 1 + (1 << (info - 24));
      long count = indefinite ? -1 : argument(header, 0);
      if (!indefinite && (count < 5 || count > 8)) {
        return Optional.empty();
      }
      int keyStart = skip(header, headLength);
      int signatureStart = skip(header, keyStart);
      int signatureEnd = skip(header, signatureStart);
      Optional<byte[]> key = byteString(header, keyStart, signatureStart);
      Optional<byte[]> signature = byteString(header, signatureStart, signatureEnd);
      if (key.isEmpty() || key.get().length != 32 || signature.isEmpty() || signature.get().length != 64) {
        return Optional.empty();
      }
      int end = signatureEnd;
      if (indefinite) {
        while ((header[end] & 0xff) != 0xff) {
          end = skip(header, end);
        }
        end++;
      } else {
        for (long i = 3; i < count; i++) {
          end = skip(header, end);
        }
      }
      byte[] shorterHead = indefinite ? new byte[] {(byte) 0x9f} : Arrays.copyOf(header, headLength);
      if (!indefinite) {
        long shorter = count - 1;
        for (int i = headLength - 1, shift = 0; i >= (headLength == 1 ? 0 : 1); i--, shift += 8) {
          if (headLength == 1) {
            shorterHead[0] = (byte) (0x80 | shorter);
          } else {
            shorterHead[i] = (byte) (shorter >>> shift);
          }
        }
      }
      byte[] message =
          Cbor.concat(
              shorterHead,
              Arrays.copyOfRange(header, headLength, signatureStart),
              Arrays.copyOfRange(header, signatureEnd, end));
      return Optional.of(new PublicKey(Bytes.of(key.get())).verify(message, signature.get()));
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty();
    }
  }

  /** The content of a definite byte string spanning [start, end), in any head form. */
  private static Optional<byte[]> byteString(byte[] bytes, int start, int end) {
    int info = bytes[start] & 0x1f;
    if ((bytes[start] & 0xff) >>> 5 != 2 || info > 27) {
      return Optional.empty();
    }
    int headLength = info < 24 ? 1 : 1 + (1 << (info - 24));
    return Optional.of(Arrays.copyOfRange(bytes, start + headLength, end));
  }

  private static long argument(byte[] bytes, int pos) {
    int info = bytes[pos] & 0x1f;
    if (info < 24) {
      return info;
    }
    if (info > 27) {
      throw new IllegalArgumentException("no argument");
    }
    long value = 0;
    for (int i = 1; i <= 1 << (info - 24); i++) {
      value = value << 8 | (bytes[pos + i] & 0xff);
    }
    return value;
  }

  /** The end of the well-formed item at {@code pos}, canonical or not. */
  private static int skip(byte[] bytes, int pos) {
    int major = (bytes[pos] & 0xff) >>> 5;
    int info = bytes[pos] & 0x1f;
    if (info == 31) {
      if (major < 2 || major > 5) {
        throw new IllegalArgumentException("not an indefinite-length item");
      }
      int next = pos + 1;
      while ((bytes[next] & 0xff) != 0xff) {
        next = skip(bytes, next);
      }
      return next + 1;
    }
    long argument = argument(bytes, pos);
    int next = pos + (info < 24 ? 1 : 1 + (1 << (info - 24)));
    if ((major == 4 || major == 5) && (argument < 0 || argument > bytes.length - next)) {
      throw new IllegalArgumentException("more elements declared than bytes remain");
    }
    switch (major) {
      case 2, 3 -> {
        if (argument < 0 || argument > bytes.length - next) {
          throw new IllegalArgumentException("truncated");
        }
        return next + (int) argument;
      }
      case 4 -> {
        for (long i = 0; i < argument; i++) {
          next = skip(bytes, next);
        }
        return next;
      }
      case 5 -> {
        for (long i = 0; i < 2 * argument; i++) {
          next = skip(bytes, next);
        }
        return next;
      }
      case 6 -> {
        return skip(bytes, next);
      }
      default -> {
        return next;
      }
    }
  }
}

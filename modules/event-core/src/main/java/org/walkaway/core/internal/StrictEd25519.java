package org.walkaway.core.internal;

import java.util.List;
import org.walkaway.core.Bytes;

/**
 * The checks that make verification strict in the sense of ed25519-dalek's {@code verify_strict}:
 * scalar {@code S} in canonical form ({@code S < L}), and neither the public key {@code A} nor the
 * commitment {@code R} of small order. Without them a signature is malleable, and a small-order key
 * "signs" many messages at once.
 *
 * <p>Small-order points are recognised by their encodings (the y-coordinate with the sign bit
 * cleared), as libsodium does: the eight points of order 1, 2, 4 and 8 have five distinct
 * y-coordinates, and two of those also have a non-canonical encoding {@code y + p}.
 */
public final class StrictEd25519 {
  private StrictEd25519() {}

  /** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
  private static final byte[] ORDER =
      Bytes.fromHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").toArray();

  private static final List<byte[]> SMALL_ORDER_Y =
      List.of(
          // y = 0: the two points of order 4
          Bytes.fromHex("0000000000000000000000000000000000000000000000000000000000000000").toArray(),
          // y = 1: the identity
          Bytes.fromHex("0100000000000000000000000000000000000000000000000000000000000000").toArray(),
          // the points of order 8
          Bytes.fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05").toArray(),
          Bytes.fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a").toArray(),
          // y = p - 1: the point of order 2
          Bytes.fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").toArray(),
          // y = p and y = p + 1: non-canonical encodings of y = 0 and y = 1
          Bytes.fromHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").toArray(),
          Bytes.fromHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").toArray());

  /** True if the 32 bytes at {@code offset} encode a point of small order (or a non-canonical one of them). */
  public static boolean isSmallOrder(byte[] encoded, int offset) {
    outer:
    for (byte[] candidate : SMALL_ORDER_Y) {
      for (int i = 0; i < 31; i++) {
        if (encoded[offset + i] != candidate[i]) {
          continue outer;
        }
      }
      if ((encoded[offset + 31] & 0x7f) == candidate[31]) {
        return true;
      }
    }
    return false;
  }

  /** True if the little-endian scalar at {@code offset} is below the group order L. */
  public static boolean isCanonicalScalar(byte[] scalar, int offset) {
    for (int i = 31; i >= 0; i--) {
      int s = scalar[offset + i] & 0xff;
      int l = ORDER[i] & 0xff;
      if (s != l) {
        return s < l;
      }
    }
    return false; // S == L
  }
}

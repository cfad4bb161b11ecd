package org.walkaway.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.walkaway.core.Bytes;
import org.walkaway.core.spi.Ed25519Backend;

/**
 * Bouncy Castle's RFC 8032 Ed25519. Decoded public points are cached (bounded), because a peer
 * verifies many events of few authors and decoding the point is a field inversion per verify.
 */
public final class BouncyCastleEd25519 implements Ed25519Backend {
  /** A point that failed to decode, so that an invalid key is not decoded again and again. */
  private static final Object INVALID = new Object();

  private final Cache<Bytes, Object> points = Caffeine.newBuilder().maximumSize(16_384).build();

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  public byte[] publicKey(byte[] seed) {
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] seed, byte[] publicKey, byte[] message, int offset, int length) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, null, message, offset, length, signature, 0);
    return signature;
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] signature, byte[] message, int offset, int length) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Object point =
        points.get(
            Bytes.of(publicKey),
            key -> {
              Ed25519.PublicPoint decoded = Ed25519.validatePublicKeyPartialExport(publicKey, 0);
              return decoded == null ? INVALID : decoded;
            });
    if (!(point instanceof Ed25519.PublicPoint publicPoint)) {
      return false;
    }
    return Ed25519.verify(signature, 0, publicPoint, message, offset, length);
  }
}

package org.walkaway.encryption.internal;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id version 1.3 (RFC 9106) through Bouncy Castle's {@code Argon2BytesGenerator}. */
public final class Argon2id {
  private Argon2id() {}

  public static byte[] derive(byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
      int memoryKiB, int iterations, int parallelism, int length) {
    Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(memoryKiB)
        .withIterations(iterations)
        .withParallelism(parallelism);
    if (secret.length > 0) {
      builder.withSecret(secret);
    }
    if (associatedData.length > 0) {
      builder.withAdditional(associatedData);
    }
    Argon2Parameters parameters = builder.build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    parameters.clear();
    return out;
  }
}

package org.walkaway.encryption;

/**
 * The cost of Argon2id (RFC 9106): memory in KiB, passes over it, and lanes. Slower is safer against
 * passphrase guessing; pick the largest cost the slowest device tolerates at unlock time.
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {
  public Argon2Settings {
    if (parallelism < 1 || parallelism > 0xFFFFFF) {
      throw new IllegalArgumentException("parallelism must be 1 to 2^24-1, got " + parallelism);
    }
    if (memoryKiB < 8 * parallelism) {
      throw new IllegalArgumentException("Argon2 needs at least 8 KiB per lane, got " + memoryKiB + " KiB for " + parallelism);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
    }
  }

  /**
   * RFC 9106 §4's second recommended option (for memory-constrained settings): 64 MiB, 3 passes,
   * 4 lanes. About 0.4 s on the reference machine of this project (Bouncy Castle is single-threaded).
   */
  public static Argon2Settings recommended() {
    return new Argon2Settings(64 * 1024, 3, 4);
  }
}

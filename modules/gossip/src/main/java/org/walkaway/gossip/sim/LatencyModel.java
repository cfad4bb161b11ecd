package org.walkaway.gossip.sim;

/**
 * The one-way latency of each directed link of a {@link Simulation}, in virtual milliseconds. A link's
 * latency is fixed for the whole run (so that messages on a link arrive in the order they were sent,
 * as on a QUIC stream); links differ from one another, which is what lets PlumTree's tree find fast
 * paths.
 */
@FunctionalInterface
public interface LatencyModel {

  /** The latency from node {@code from} to node {@code to}; must depend on nothing else. */
  long millis(int from, int to);

  /** Every link takes {@code millis}. */
  static LatencyModel constant(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("latency must not be negative, got " + millis);
    }
    return (from, to) -> millis;
  }

  /**
   * Each link's latency drawn once, uniformly from {@code [minMillis, maxMillis]}, by a hash of the
   * unordered pair of nodes and {@code salt}: symmetric, reproducible, and free of per-link state (so
   * that it costs nothing at 10,000 nodes).
   */
  static LatencyModel uniformPerLink(long minMillis, long maxMillis, long salt) {
    if (minMillis < 0 || maxMillis < minMillis) {
      throw new IllegalArgumentException("need 0 <= min <= max, got [" + minMillis + ", " + maxMillis + "]");
    }
    long span = maxMillis - minMillis + 1;
    return (from, to) -> {
      long low = Math.min(from, to);
      long high = Math.max(from, to);
      long mixed = mix(salt ^ mix(low * 0x9E3779B97F4A7C15L + high));
      return minMillis + Math.floorMod(mixed, span);
    };
  }

  /** SplitMix64's finaliser: a cheap, well-spread 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

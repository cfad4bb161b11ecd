package org.walkaway.core;

/**
 * Bounds that decoding checks before it allocates anything an attacker sized. Each violation is a
 * {@link Rejection.Reason#LIMIT_EXCEEDED} rejection.
 *
 * @param maxHeaderBytes the largest encoded header accepted
 * @param maxNestingDepth the deepest nesting of arrays and maps inside the extensions
 * @param maxItems the most CBOR items in one header (every array element and map key or value counts)
 * @param maxPayloadBytes the largest payload size a header may declare
 */
public record DecodeLimits(int maxHeaderBytes, int maxNestingDepth, int maxItems, long maxPayloadBytes) {
  /** 32 KiB headers, depth 16, 4,096 items, 64 MiB payloads. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(32 * 1024, 16, 4096, 64L * 1024 * 1024);

  /**
   * The deepest nesting any limits may allow. The scanner recurses once per level, so this bound is
   * what keeps hostile nesting from overflowing the stack of whatever thread decodes (virtual
   * threads included) however the other limits are set.
   */
  public static final int MAX_NESTING_DEPTH = 256;

  public DecodeLimits {
    if (maxHeaderBytes < 64 || maxNestingDepth < 1 || maxItems < 8 || maxPayloadBytes < 0) {
      throw new IllegalArgumentException(
          "limits too small to decode any header: " + maxHeaderBytes + ", " + maxNestingDepth + ", "
              + maxItems + ", " + maxPayloadBytes);
    }
    if (maxNestingDepth > MAX_NESTING_DEPTH) {
      throw new IllegalArgumentException(
          "nesting depth " + maxNestingDepth + " exceeds " + MAX_NESTING_DEPTH
              + ", the most decoding can follow without risking a stack overflow");
    }
  }
}

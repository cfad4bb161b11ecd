package org.walkaway.auth;

/**
 * Bounds on what a peer can make the decoder and the validator do.
 *
 * @param maxCborDepth deepest nesting of DAG-CBOR in a token
 * @param maxPolicyDepth deepest nesting of policy statements ({@code not}, {@code and}, {@code or},
 *     {@code all}, {@code any})
 * @param maxPolicyStatements most statements in one policy, nested ones included
 * @param maxChainLength most proofs an invocation may cite
 */
public record UcanLimits(int maxCborDepth, int maxPolicyDepth, int maxPolicyStatements, int maxChainLength) {
  public static final UcanLimits DEFAULT = new UcanLimits(64, Policy.DEFAULT_MAX_DEPTH, Policy.DEFAULT_MAX_STATEMENTS, 16);

  public UcanLimits {
    if (maxCborDepth < 4 || maxPolicyDepth < 1 || maxPolicyStatements < 1 || maxChainLength < 1) {
      throw new IllegalArgumentException("limits too small to read any token");
    }
  }
}

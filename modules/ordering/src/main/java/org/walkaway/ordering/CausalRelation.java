package org.walkaway.ordering;

/** How two causal states (clocks, frontiers) relate. */
public enum CausalRelation {
  /** This one happened before the other: everything it has seen, the other has seen too, and more. */
  BEFORE,
  /** This one happened after the other. */
  AFTER,
  /** Each has seen something the other has not. */
  CONCURRENT,
  /** Both have seen exactly the same. */
  EQUAL;

  /** The relation seen from the other side. */
  public CausalRelation reversed() {
    return switch (this) {
      case BEFORE -> AFTER;
      case AFTER -> BEFORE;
      case CONCURRENT, EQUAL -> this;
    };
  }
}

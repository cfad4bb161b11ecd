package org.walkaway.auth.intruder;

/** Reaches into the implementation: the compiler must refuse it. */
public final class Intruder {
  private Intruder() {}

  public static byte[] encode() {
    return org.walkaway.auth.internal.DagCbor.encode(org.walkaway.auth.Ipld.NULL);
  }
}

package org.walkaway.core.processor;

import org.walkaway.core.Rejection;

/** Where a {@link Processor} sends its outputs and rejections. Used from the pipeline's thread only. */
public interface Downstream<O> {

  /** Passes an output on. May park while the next stage is full. */
  void emit(O output) throws InterruptedException;

  /** Refuses {@code input} (whatever stage it reached) for an expected, peer-caused reason. */
  void reject(Object input, Rejection rejection);
}

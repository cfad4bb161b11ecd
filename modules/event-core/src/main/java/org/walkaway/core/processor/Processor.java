package org.walkaway.core.processor;

/**
 * One stage of a pipeline: it takes one input at a time and emits zero or more outputs.
 *
 * <pre>
 *   bytes ──▶ EventDecoder ──▶ dedupe ──▶ auth ──▶ ordering ──▶ decrypt ──▶ application
 *                 │                          │         │
 *                 └── reject(input, why) ────┴─────────┴──▶ rejection sink
 * </pre>
 *
 * <p>A processor may emit outputs now, while processing this input, or later, while processing a
 * later one (an ordering stage releases an event when its dependencies arrive; a decryption stage
 * when its key arrives), and in another order than the inputs came. It refuses an input with
 * {@link Downstream#reject}, handing the input back with a reason.
 *
 * <p>A pipeline calls its processors from one thread, never concurrently, so a processor needs no
 * locks and is deterministic: the same inputs give the same outputs. It creates no threads and
 * blocks only in {@link Downstream#emit}, which parks while the next stage is full. Costly stateless
 * work (signature verification) runs ahead of the pipeline, in parallel.
 *
 * @param <I> what it takes
 * @param <O> what it emits
 */
@FunctionalInterface
public interface Processor<I, O> extends AutoCloseable {

  void process(I input, Downstream<O> out) throws InterruptedException;

  /** Releases what the processor holds. Held inputs are not emitted. */
  @Override
  default void close() {}
}

package org.walkaway.core.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.walkaway.core.Rejection;

/**
 * Processors composed end to end into one processor.
 *
 * <pre>{@code
 * Processor<RawEvent, Event> inbound =
 *     Pipeline.of(new EventDecoder())
 *         .then(new StoreAppender(store))
 *         .then(orderer);
 * inbound.process(raw, application);   // outputs reach `application`, rejections too
 * }</pre>
 *
 * Each stage's outputs are handed to the next stage synchronously, on the caller's thread, so the
 * whole pipeline is as single-threaded and deterministic as its stages. A rejection from any stage
 * goes straight to the final downstream's {@link Downstream#reject}, with the input that stage
 * refused. {@link #close()} closes every stage, first to last.
 */
public final class Pipeline<I, O> implements Processor<I, O> {
  private final List<Processor<?, ?>> stages;
  private final Chain<I, O> chain;

  private Pipeline(List<Processor<?, ?>> stages, Chain<I, O> chain) {
    this.stages = stages;
    this.chain = chain;
  }

  public static <I, O> Pipeline<I, O> of(Processor<I, O> first) {
    Objects.requireNonNull(first, "first");
    return new Pipeline<>(List.of(first), first::process);
  }

  /** This pipeline followed by {@code next}. This pipeline is not changed. */
  public <P> Pipeline<I, P> then(Processor<O, P> next) {
    Objects.requireNonNull(next, "next");
    List<Processor<?, ?>> all = new ArrayList<>(stages);
    all.add(next);
    Chain<I, O> head = chain;
    Chain<I, P> composed =
        (input, out) -> head.run(input, new Forward<>(next, out));
    return new Pipeline<>(List.copyOf(all), composed);
  }

  @Override
  public void process(I input, Downstream<O> out) throws InterruptedException {
    chain.run(input, out);
  }

  /** The number of stages. */
  public int size() {
    return stages.size();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Processor<?, ?> stage : stages) {
      try {
        stage.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @FunctionalInterface
  private interface Chain<I, O> {
    void run(I input, Downstream<O> out) throws InterruptedException;
  }

  /** Feeds one stage's outputs into the next stage. */
  private record Forward<O, P>(Processor<O, P> next, Downstream<P> out) implements Downstream<O> {
    @Override
    public void emit(O output) throws InterruptedException {
      next.process(output, out);
    }

    @Override
    public void reject(Object input, Rejection rejection) {
      out.reject(input, rejection);
    }
  }
}

package org.walkaway.core.processor;

import java.util.ArrayList;
import java.util.List;
import org.walkaway.core.Rejection;

/**
 * A {@link Downstream} that keeps what it gets: the end of a pipeline in tests and batch jobs. Not
 * thread-safe, like every downstream.
 */
public final class Collector<O> implements Downstream<O> {
  private final List<O> outputs = new ArrayList<>();
  private final List<Rejected> rejections = new ArrayList<>();

  public Collector() {}

  @Override
  public void emit(O output) {
    outputs.add(output);
  }

  @Override
  public void reject(Object input, Rejection rejection) {
    rejections.add(new Rejected(input, rejection));
  }

  /** Outputs so far, in emission order. */
  public List<O> outputs() {
    return List.copyOf(outputs);
  }

  public List<Rejected> rejections() {
    return List.copyOf(rejections);
  }

  /** Returns the outputs so far and forgets them. */
  public List<O> drain() {
    List<O> drained = List.copyOf(outputs);
    outputs.clear();
    return drained;
  }
}

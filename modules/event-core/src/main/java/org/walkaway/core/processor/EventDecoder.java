package org.walkaway.core.processor;

import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Verdict;

/**
 * The first inbound stage: bytes to a verified {@link Event} ({@link EventCodec#decode}), or a
 * rejection with the reason. Stateless; for throughput, decode batches with {@link ParallelDecoder}
 * ahead of the pipeline and start it at the next stage.
 */
public final class EventDecoder implements Processor<RawEvent, Event> {
  private final DecodeLimits limits;

  public EventDecoder() {
    this(DecodeLimits.DEFAULT);
  }

  public EventDecoder(DecodeLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public void process(RawEvent input, Downstream<Event> out) throws InterruptedException {
    Verdict<Event> verdict =
        EventCodec.decode(input.header().toArray(), input.body().map(Bytes::toArray), limits);
    switch (verdict) {
      case Verdict.Accepted<Event>(Event event) -> out.emit(event);
      case Verdict.Rejected<Event>(var rejection) -> out.reject(input, rejection);
    }
  }

  static Optional<byte[]> bodyOf(RawEvent input) {
    return input.body().map(Bytes::toArray);
  }
}

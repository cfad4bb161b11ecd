package org.walkaway.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.InMemoryEventStore;

/** The processor SPI end to end: decode, store, and a stage that holds events back. */
class PipelineTest {
  private static final SigningKey KEY = SigningKey.fromSeed(new byte[32]);
  private static final LogId CHAT = LogId.ofTopic("chat");
  private static final LogId CONTROL = LogId.ofTopic("control");

  /**
   * Holds every event back; an event whose body says "release" is emitted at once, followed by
   * everything held, newest first. One whose body says "refuse" is rejected.
   */
  static final class ReverseReleaser implements Processor<Event, Event> {
    private final Deque<Event> held = new ArrayDeque<>();
    final List<Event> seen = new ArrayList<>();

    @Override
    public void process(Event input, Downstream<Event> out) throws InterruptedException {
      seen.add(input);
      switch (text(input)) {
        case "refuse" -> out.reject(input, Rejection.of(Reason.REFUSED, "this stage refuses it"));
        case "release" -> {
          out.emit(input);
          while (!held.isEmpty()) {
            out.emit(held.pop());
          }
        }
        default -> held.push(input);
      }
    }

    @Override
    public void close() {
      held.clear();
    }
  }

  /** A stage that records when it is closed, and may fail to close. */
  static final class Tracked<I, O> implements Processor<I, O> {
    private final String name;
    private final Processor<I, O> inner;
    private final List<String> closed;
    private final boolean failOnClose;

    Tracked(String name, Processor<I, O> inner, List<String> closed, boolean failOnClose) {
      this.name = name;
      this.inner = inner;
      this.closed = closed;
      this.failOnClose = failOnClose;
    }

    @Override
    public void process(I input, Downstream<O> out) throws InterruptedException {
      inner.process(input, out);
    }

    @Override
    public void close() {
      inner.close();
      closed.add(name);
      if (failOnClose) {
        throw new IllegalStateException(name + " failed to close");
      }
    }
  }

  private static String text(Event event) {
    return event.body().map(body -> new String(body.bytes().toArray(), StandardCharsets.UTF_8)).orElse("");
  }

  private static Event event(EventBuilder builder, String body) {
    return builder.body(Body.ofText(body)).sign(KEY);
  }

  @Test
  void outputsComeNowLaterAndInAnotherOrderAndRejectionsReachTheEnd() throws InterruptedException {
    Event zero = event(EventBuilder.create().logId(CHAT), "0");
    Event one = event(EventBuilder.following(zero), "1");
    Event two = event(EventBuilder.following(one), "2");
    Event release = event(EventBuilder.create().logId(CONTROL), "release");
    Event refuse = event(EventBuilder.following(release), "refuse");
    Event releaseAgain = event(EventBuilder.following(refuse), "release");
    ReverseReleaser releaser = new ReverseReleaser();
    InMemoryEventStore store = new InMemoryEventStore();
    Pipeline<RawEvent, Event> pipeline =
        Pipeline.of(new EventDecoder()).then(new StoreAppender(store)).then(releaser);
    assertEquals(3, pipeline.size());
    Collector<Event> sink = new Collector<>();

    pipeline.process(RawEvent.of(zero), sink);
    RawEvent garbage = new RawEvent(Bytes.of((byte) 0x85, (byte) 0x01), Optional.empty());
    pipeline.process(garbage, sink);
    pipeline.process(RawEvent.of(two), sink); // its predecessor is not stored yet
    pipeline.process(RawEvent.of(one), sink);
    pipeline.process(RawEvent.of(one), sink); // a duplicate: dropped quietly
    assertEquals(List.of(), sink.outputs(), "all held back so far");

    pipeline.process(RawEvent.of(release), sink);
    assertEquals(List.of(release, one, zero), sink.drain(), "now, then later, newest first");
    pipeline.process(RawEvent.of(refuse), sink);
    pipeline.process(RawEvent.of(two), sink); // now it continues the log
    pipeline.process(RawEvent.of(releaseAgain), sink);
    assertEquals(List.of(releaseAgain, two), sink.drain());

    List<Rejected> rejections = sink.rejections();
    assertEquals(3, rejections.size(), rejections.toString());
    assertSame(garbage, rejections.get(0).input(), "the decoder hands back the raw input");
    assertEquals(Reason.MALFORMED, rejections.get(0).rejection().reason());
    assertEquals(two, rejections.get(1).input(), "the store hands back the decoded event");
    assertEquals(Reason.MISSING_PREDECESSOR, rejections.get(1).rejection().reason());
    assertEquals(refuse, rejections.get(2).input());
    assertEquals(Reason.REFUSED, rejections.get(2).rejection().reason());
    assertEquals(
        List.of(zero, one, release, refuse, two, releaseAgain),
        releaser.seen,
        "a rejected input goes straight to the end, skipping the later stages");
  }

  @Test
  void closeClosesEveryStageFirstToLast() {
    List<String> closed = new ArrayList<>();
    Pipeline<RawEvent, Event> pipeline =
        Pipeline.of(new Tracked<>("decoder", new EventDecoder(), closed, false))
            .then(new Tracked<>("appender", new StoreAppender(new InMemoryEventStore()), closed, false))
            .then(new Tracked<>("releaser", new ReverseReleaser(), closed, false));
    pipeline.close();
    assertEquals(List.of("decoder", "appender", "releaser"), closed);
  }

  @Test
  void aStageThatFailsToCloseDoesNotKeepTheOthersOpen() {
    List<String> closed = new ArrayList<>();
    Pipeline<RawEvent, Event> pipeline =
        Pipeline.of(new Tracked<>("decoder", new EventDecoder(), closed, true))
            .then(new Tracked<>("appender", new StoreAppender(new InMemoryEventStore()), closed, false))
            .then(new Tracked<>("releaser", new ReverseReleaser(), closed, true));
    IllegalStateException failure = assertThrows(IllegalStateException.class, pipeline::close);
    assertEquals(List.of("decoder", "appender", "releaser"), closed);
    assertEquals("decoder failed to close", failure.getMessage());
    assertEquals("releaser failed to close", failure.getSuppressed()[0].getMessage());
  }

  @Test
  void heldInputsAreNotEmittedOnClose() throws InterruptedException {
    ReverseReleaser releaser = new ReverseReleaser();
    Pipeline<Event, Event> pipeline = Pipeline.of(releaser);
    Collector<Event> sink = new Collector<>();
    pipeline.process(event(EventBuilder.create(), "held"), sink);
    pipeline.close();
    pipeline.process(event(EventBuilder.create().logId(CONTROL), "release"), sink);
    assertEquals(1, sink.outputs().size(), "only the release itself: the held event was dropped");
  }

  @Test
  void thenLeavesTheOriginalPipelineAsItWas() throws InterruptedException {
    Pipeline<RawEvent, Event> decoding = Pipeline.of(new EventDecoder());
    Pipeline<RawEvent, Event> longer = decoding.then(new ReverseReleaser());
    assertEquals(1, decoding.size());
    assertEquals(2, longer.size());
    Event event = event(EventBuilder.create(), "x");
    Collector<Event> sink = new Collector<>();
    decoding.process(RawEvent.of(event), sink);
    assertEquals(List.of(event), sink.outputs(), "the shorter pipeline emits directly");
  }

  @Test
  void theDecoderAppliesItsLimitsAndChecksBodies() throws InterruptedException {
    Event event = event(EventBuilder.create().logId(CHAT), "a body of some length");
    Collector<Event> sink = new Collector<>();
    new EventDecoder(new DecodeLimits(64, 16, 4096, 4)).process(RawEvent.of(event), sink);
    assertEquals(Reason.LIMIT_EXCEEDED, sink.rejections().get(0).rejection().reason());
    RawEvent wrongBody = new RawEvent(event.headerBytes(), Optional.of(Bytes.of((byte) 1)));
    new EventDecoder().process(wrongBody, sink);
    assertEquals(Reason.PAYLOAD_MISMATCH, sink.rejections().get(1).rejection().reason());
    new EventDecoder().process(RawEvent.of(event), sink);
    assertEquals(List.of(event), sink.outputs());
  }

  @Test
  void theAppenderRejectsForksAndDropsDuplicates() throws InterruptedException {
    InMemoryEventStore store = new InMemoryEventStore();
    StoreAppender appender = new StoreAppender(store);
    Event zero = event(EventBuilder.create().logId(CHAT), "0");
    Event fork = event(EventBuilder.create().logId(CHAT), "another 0");
    Collector<Event> sink = new Collector<>();
    appender.process(zero, sink);
    appender.process(zero, sink);
    appender.process(fork, sink);
    assertEquals(List.of(zero), sink.outputs());
    assertEquals(List.of(new Rejected(fork, sink.rejections().get(0).rejection())), sink.rejections());
    assertEquals(Reason.FORK, sink.rejections().get(0).rejection().reason());
    assertEquals(1, store.forks(KEY.publicKey()).size());
  }
}

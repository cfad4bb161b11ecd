package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.SigningKey;
import org.walkaway.core.processor.Collector;
import org.walkaway.core.processor.EventDecoder;
import org.walkaway.core.processor.Pipeline;
import org.walkaway.core.processor.Processor;
import org.walkaway.core.processor.Rejected;
import org.walkaway.core.processor.StoreAppender;
import org.walkaway.core.store.InMemoryEventStore;

/** Real signed events through event-core's decoder and store, then the ordering stage. */
class CausalOrderingProcessorTest {
  private static final LogId CHAT = LogId.ofTopic("chat");
  private static final LogId OTHER = LogId.ofTopic("other");

  static LongStream seeds() {
    return LongStream.range(0, 12).map(i -> 0xE7E7_0000L + i);
  }

  private static SigningKey key(SplittableRandom random) {
    byte[] seed = new byte[SigningKey.SEED_LENGTH];
    random.nextBytes(seed);
    return SigningKey.fromSeed(seed);
  }

  /**
   * Several authors write in one topic; each event follows its author's previous one (backlink) and
   * names the latest events of some other authors it has seen ({@code previous}).
   */
  static List<Event> conversation(SplittableRandom random, LogId topic, int authors, int events) {
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 0; i < authors; i++) {
      keys.add(key(random));
    }
    Map<Integer, Event> latest = new HashMap<>();
    List<Event> all = new ArrayList<>();
    for (int n = 0; n < events; n++) {
      int author = random.nextInt(authors);
      List<Hash> previous = new ArrayList<>();
      latest.forEach((other, event) -> {
        if (other != author && random.nextInt(3) == 0) {
          previous.add(event.id());
        }
      });
      Event last = latest.get(author);
      EventBuilder builder = last == null ? EventBuilder.create().logId(topic) : EventBuilder.following(last);
      if (!previous.isEmpty()) {
        builder.previous(previous);
      }
      Event event = builder.body(Body.ofText("message " + n)).sign(keys.get(author));
      latest.put(author, event);
      all.add(event);
    }
    return all;
  }

  /** Fails unless every event came once, after its backlink and its previous events. */
  static void assertCausal(List<Event> emitted, List<Event> expected, String context) {
    Set<Hash> seen = new HashSet<>();
    for (Event event : emitted) {
      List<Hash> dependencies = DependencyView.events().dependencies(event);
      for (Hash dependency : dependencies) {
        assertTrue(seen.contains(dependency), context + ": " + event + " came before " + dependency);
      }
      assertTrue(seen.add(event.id()), context + ": " + event + " came twice");
    }
    assertEquals(
        expected.stream().map(Event::id).collect(java.util.stream.Collectors.toSet()), seen, context);
  }

  /**
   * Decoder, store, ordering, fed in a random order. The store refuses an event whose log
   * predecessor it lacks (MISSING_PREDECESSOR); those are sent again in later rounds, as sync would.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decoderThenStoreThenOrdering(long seed) throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    List<Event> events = conversation(random, CHAT, 2 + random.nextInt(3), 40);
    InMemoryEventStore store = new InMemoryEventStore();
    CausalOrderingProcessor ordering = CausalOrderingProcessor.builder().bodiesFrom(store).build();
    Processor<RawEvent, Event> inbound =
        Pipeline.of(new EventDecoder()).then(new StoreAppender(store)).then(ordering);
    Collector<Event> application = new Collector<>();

    List<Event> toSend = new ArrayList<>(events);
    for (int round = 0; !toSend.isEmpty(); round++) {
      assertTrue(round < 100, context + ": no progress");
      Dags.shuffle(toSend, random);
      int rejectedBefore = application.rejections().size();
      for (Event event : toSend) {
        inbound.process(RawEvent.of(event), application);
      }
      List<Event> again = new ArrayList<>();
      for (Rejected rejected : application.rejections().subList(rejectedBefore, application.rejections().size())) {
        assertEquals(Reason.MISSING_PREDECESSOR, rejected.rejection().reason(), context);
        again.add((Event) rejected.input());
      }
      toSend = again;
    }
    List<Event> emitted = application.outputs();
    assertCausal(emitted, events, context);
    for (Event event : emitted) {
      assertTrue(event.body().isPresent(), context + ": bodies are put back on emission");
    }
    assertEquals(0, ordering.heldCount(CHAT));
    assertEquals(events.size(), ordering.delivered(CHAT, 0, 1_000).size());
  }

  /** Ordering before the store: the store then only ever sees events in log order. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decoderThenOrderingThenStore(long seed) throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = conversation(random, CHAT, 3, 40);
    List<Event> arrivals = new ArrayList<>(events);
    arrivals.addAll(events.subList(0, 10)); // duplicates
    Dags.shuffle(arrivals, random);
    InMemoryEventStore store = new InMemoryEventStore();
    Processor<RawEvent, Event> inbound =
        Pipeline.of(new EventDecoder())
            .then(new CausalOrderingProcessor())
            .then(new StoreAppender(store));
    Collector<Event> application = new Collector<>();
    for (Event event : arrivals) {
      inbound.process(RawEvent.of(event), application);
    }
    assertEquals(List.of(), application.rejections(), "seed " + seed);
    assertCausal(application.outputs(), events, "seed " + seed);
  }

  @Test
  void aFloodOfOrphansInOneTopicDoesNotBlockAnother() throws InterruptedException {
    SplittableRandom random = new SplittableRandom(1);
    CausalOrderingProcessor ordering =
        CausalOrderingProcessor.builder().limits(new OrderingLimits(200, 10_000, 16)).build();
    Collector<Event> out = new Collector<>();
    SigningKey attacker = key(random);
    for (int i = 0; i < 300; i++) {
      Event orphan =
          EventBuilder.create()
              .logId(OTHER)
              .previous(List.of(Dags.randomId(random)))
              .body(Body.ofText("spam " + i))
              .sign(attacker);
      ordering.process(orphan, out);
    }
    assertEquals(100, ordering.heldCount(OTHER));
    assertEquals(200, out.rejections().size());
    assertEquals(Reason.LIMIT_EXCEEDED, out.rejections().get(0).rejection().reason());
    assertEquals(100, ordering.missing(OTHER).size());

    List<Event> chat = conversation(random, CHAT, 3, 30);
    List<Event> arrivals = new ArrayList<>(chat);
    Dags.shuffle(arrivals, random);
    for (Event event : arrivals) {
      ordering.process(event, out);
    }
    assertEquals(200, out.rejections().size(), "the chat topic was not refused anything");
    assertCausal(out.outputs(), chat, "chat");
    assertEquals(Set.of(OTHER), ordering.missing().keySet());
  }

  @Test
  void aPruningEventDoesNotWaitForTheLogItPrunes() throws InterruptedException {
    SplittableRandom random = new SplittableRandom(2);
    SigningKey key = key(random);
    Event first = EventBuilder.create().logId(CHAT).body(Body.ofText("old")).sign(key);
    Event second = EventBuilder.following(first).body(Body.ofText("old too")).sign(key);
    Event prune = EventBuilder.following(second).prune().body(Body.ofText("fresh start")).sign(key);
    Event after = EventBuilder.following(prune).body(Body.ofText("next")).sign(key);
    CausalOrderingProcessor ordering = new CausalOrderingProcessor();
    Collector<Event> out = new Collector<>();
    ordering.process(after, out);
    ordering.process(prune, out);
    assertEquals(List.of(prune, after), out.outputs());
    assertEquals(List.of(), ordering.missing(CHAT));
  }

  @Test
  void aRestartedProcessorContinuesFromItsStore() throws InterruptedException {
    SplittableRandom random = new SplittableRandom(3);
    List<Event> events = conversation(random, CHAT, 3, 30);
    List<Event> arrivals = new ArrayList<>(events);
    Dags.shuffle(arrivals, random);
    InMemoryOrderingStore<Event> store = new InMemoryOrderingStore<>();
    Collector<Event> out = new Collector<>();
    CausalOrderingProcessor first = CausalOrderingProcessor.builder().store(store).build();
    for (Event event : arrivals.subList(0, 15)) {
      first.process(event, out);
    }
    int held = first.heldCount(CHAT);
    CausalOrderingProcessor second = CausalOrderingProcessor.builder().store(store).build();
    assertEquals(held, second.heldCount(CHAT), "held events survive the restart");
    for (Event event : arrivals) { // the first half again: duplicates now
      second.process(event, out);
    }
    assertCausal(out.outputs(), events, "restart");
    assertEquals(Optional.empty(), out.rejections().stream().findAny().map(Rejected::rejection));
  }
}

package org.walkaway.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.EventStore;
import org.walkaway.core.store.ForkEvidence;
import org.walkaway.core.store.StoreException;

/**
 * The behaviour every {@link EventStore} owes, as tests. An implementation's test extends this class
 * and says how to make an empty store:
 *
 * <pre>{@code
 * class SqliteEventStoreTest extends EventStoreContract {
 *   @TempDir Path dir;
 *   @Override protected EventStore newStore() { return SqliteEventStore.open(dir.resolve("events.db")); }
 * }
 * }</pre>
 *
 * It ships in event-core's test-jar ({@code <type>test-jar</type>}, test scope). It lives in a
 * package of its own, not in {@code org.walkaway.core.store}: another named module's tests see the
 * test-jar on the class path, and a class path package that a named module also holds (a split
 * package) would be invisible to them.
 */
public abstract class EventStoreContract {
  /** An empty store, opened for one test; the contract closes it afterwards. */
  protected abstract EventStore newStore();

  protected EventStore store;

  private static final SigningKey ALICE = SigningKey.fromSeed(filled(0xa1));
  private static final SigningKey BOB = SigningKey.fromSeed(filled(0xb0));
  private static final LogId CHAT = LogId.ofTopic("chat");
  private static final LogId PHOTOS = LogId.ofTopic("photos");

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) value);
    return seed;
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** A log of {@code length} events with bodies "0", "1", ... */
  protected static List<Event> log(SigningKey key, LogId logId, int length) {
    return log(key, logId, length, "");
  }

  private static List<Event> log(SigningKey key, LogId logId, int length, String bodyPrefix) {
    List<Event> events = new ArrayList<>();
    for (int seq = 0; seq < length; seq++) {
      EventBuilder builder =
          seq == 0 ? EventBuilder.create().logId(logId) : EventBuilder.following(events.get(seq - 1));
      events.add(builder.body(Body.ofText(bodyPrefix + seq)).sign(key));
    }
    return events;
  }

  private void appendAllOk(List<Event> events) {
    for (Event event : events) {
      AppendResult result = store.append(event);
      assertEquals(new AppendResult.Appended(event), result, () -> "appending seq " + event.seqNum());
    }
  }

  private static Reason reasonOf(AppendResult result) {
    AppendResult.Rejected rejected = assertInstanceOf(AppendResult.Rejected.class, result, result::toString);
    return rejected.rejection().reason();
  }

  @Test
  public void appendsALogAndReadsItBack() {
    List<Event> events = log(ALICE, CHAT, 10);
    appendAllOk(events);
    LogKey log = events.get(0).logKey();
    for (Event event : events) {
      assertEquals(Optional.of(event), store.get(event.id()), "by id");
      assertEquals(Optional.of(event), store.get(log, event.seqNum()), "by position");
    }
    assertEquals(events.subList(2, 6), store.range(log, 2, 5));
    assertEquals(events, store.range(log, 0, 1_000));
    assertEquals(List.of(events.get(9)), store.range(log, 9, 9));
    assertEquals(List.of(), store.range(log, 5, 4), "from > to");
    assertEquals(List.of(), store.range(log, 10, 20), "beyond the end");
    assertEquals(Optional.of(events.get(9)), store.latest(log));
    assertEquals(Map.of(log, 9L), store.heights(List.of(CHAT)));
    assertEquals(Map.of(log, 9L), store.heights(ALICE.publicKey()));
    assertEquals(0, store.prunePoint(log));
    assertEquals(List.of(), store.forks(ALICE.publicKey()));
  }

  @Test
  public void unknownThingsAreAbsent() {
    LogKey log = new LogKey(ALICE.publicKey(), CHAT);
    assertEquals(Optional.empty(), store.get(Hash.of(new byte[] {1})));
    assertEquals(Optional.empty(), store.get(log, 0));
    assertEquals(Optional.empty(), store.latest(log));
    assertEquals(List.of(), store.range(log, 0, 10));
    assertEquals(Map.of(), store.heights(List.of(CHAT)));
    assertEquals(Map.of(), store.heights(ALICE.publicKey()));
    assertEquals(0, store.prunePoint(log));
    assertFalse(store.removeBody(Hash.of(new byte[] {1})));
  }

  @Test
  public void eventsWithoutBodiesAreStoredWithoutBodies() {
    Event first = EventBuilder.create().logId(CHAT).sign(ALICE);
    Event second = EventBuilder.following(first).body(Body.ofText("x")).sign(ALICE).withoutBody();
    appendAllOk(List.of(first, second));
    assertEquals(Optional.of(first), store.get(first.id()));
    assertEquals(Optional.empty(), store.get(second.id()).orElseThrow().body());
  }

  @Test
  public void heightsCoverSeveralAuthorsAndLogs() {
    List<Event> aliceChat = log(ALICE, CHAT, 4);
    List<Event> alicePhotos = log(ALICE, PHOTOS, 2);
    List<Event> bobChat = log(BOB, CHAT, 1);
    List<Event> aliceDefault = log(ALICE, LogId.DEFAULT, 3);
    appendAllOk(aliceChat);
    appendAllOk(alicePhotos);
    appendAllOk(bobChat);
    appendAllOk(aliceDefault);
    LogKey aliceChatKey = new LogKey(ALICE.publicKey(), CHAT);
    LogKey alicePhotosKey = new LogKey(ALICE.publicKey(), PHOTOS);
    LogKey bobChatKey = new LogKey(BOB.publicKey(), CHAT);
    LogKey aliceDefaultKey = new LogKey(ALICE.publicKey(), LogId.DEFAULT);
    assertEquals(Map.of(aliceChatKey, 3L, bobChatKey, 0L), store.heights(List.of(CHAT)));
    assertEquals(
        Map.of(aliceChatKey, 3L, bobChatKey, 0L, alicePhotosKey, 1L), store.heights(List.of(CHAT, PHOTOS)));
    assertEquals(Map.of(aliceDefaultKey, 2L), store.heights(List.of(LogId.DEFAULT)));
    assertEquals(Map.of(), store.heights(List.of(LogId.ofTopic("nobody"))));
    assertEquals(Map.of(), store.heights(List.of()));
    assertEquals(
        Map.of(aliceChatKey, 3L, alicePhotosKey, 1L, aliceDefaultKey, 2L), store.heights(ALICE.publicKey()));
    assertEquals(Map.of(bobChatKey, 0L), store.heights(BOB.publicKey()));
    assertEquals(Optional.of(bobChat.get(0)), store.latest(bobChatKey));
    assertEquals(alicePhotos, store.range(alicePhotosKey, 0, 10));
  }

  @Test
  public void aDuplicateChangesNothingButAttachesAMissingBody() {
    List<Event> events = log(ALICE, CHAT, 2);
    Event first = events.get(0);
    assertEquals(new AppendResult.Appended(first.withoutBody()), store.append(first.withoutBody()));
    assertEquals(Optional.empty(), store.get(first.id()).orElseThrow().body());
    assertEquals(new AppendResult.Duplicate(first.id()), store.append(first.withoutBody()));
    assertEquals(Optional.empty(), store.get(first.id()).orElseThrow().body());
    assertEquals(new AppendResult.Duplicate(first.id()), store.append(first));
    assertEquals(Optional.of(first), store.get(first.id()), "the body was attached");
    assertEquals(new AppendResult.Duplicate(first.id()), store.append(first));
    assertEquals(Map.of(first.logKey(), 0L), store.heights(ALICE.publicKey()));
    assertEquals(List.of(), store.forks(ALICE.publicKey()), "a duplicate is no fork");
  }

  @Test
  public void aMissingPredecessorIsRejectedAndNothingIsStored() {
    List<Event> events = log(ALICE, CHAT, 3);
    AppendResult result = store.append(events.get(1));
    assertEquals(Reason.MISSING_PREDECESSOR, reasonOf(result));
    assertEquals(events.get(1), ((AppendResult.Rejected) result).event(), "the input is handed back");
    assertEquals(Optional.empty(), store.get(events.get(1).id()));
    assertEquals(Map.of(), store.heights(ALICE.publicKey()));
    appendAllOk(events.subList(0, 1));
    assertEquals(Reason.MISSING_PREDECESSOR, reasonOf(store.append(events.get(2))), "a gap");
    appendAllOk(events.subList(1, 3));
  }

  @Test
  public void aWrongBacklinkIsRejected() {
    List<Event> events = log(ALICE, CHAT, 1);
    appendAllOk(events);
    Event wrong =
        EventBuilder.create()
            .seqNum(1, Optional.of(Hash.of(new byte[] {9})))
            .logId(CHAT)
            .body(Body.ofText("1"))
            .sign(ALICE);
    assertEquals(Reason.BACKLINK_MISMATCH, reasonOf(store.append(wrong)));
    assertEquals(Optional.empty(), store.get(wrong.id()));
    assertEquals(Optional.of(events.get(0)), store.latest(events.get(0).logKey()));
  }

  @Test
  public void aForkKeepsTheFirstAndRecordsBothHeaders() {
    List<Event> original = log(ALICE, CHAT, 3);
    List<Event> other = log(ALICE, CHAT, 3, "other ");
    appendAllOk(original.subList(0, 2));
    Event fork = EventBuilder.following(original.get(0)).body(Body.ofText("the other 1")).sign(ALICE);
    AppendResult result = store.append(fork);
    assertEquals(Reason.FORK, reasonOf(result));
    LogKey log = original.get(0).logKey();
    assertEquals(Optional.of(original.get(1)), store.get(log, 1), "the first stays");
    assertEquals(Optional.empty(), store.get(fork.id()));
    assertEquals(
        List.of(new ForkEvidence(log, 1, original.get(1).headerBytes(), fork.headerBytes())),
        store.forks(ALICE.publicKey()));
    assertEquals(Reason.FORK, reasonOf(store.append(other.get(0))), "a fork at seq 0");
    assertEquals(2, store.forks(ALICE.publicKey()).size());
    assertEquals(List.of(), store.forks(BOB.publicKey()));
    appendAllOk(original.subList(2, 3));
  }

  /** Gossip delivers the same bytes again and again; the evidence must not grow with every copy. */
  @Test
  public void theSameForkTwiceIsRecordedOnce() {
    List<Event> original = log(ALICE, CHAT, 2);
    appendAllOk(original);
    Event fork = EventBuilder.following(original.get(0)).body(Body.ofText("the other 1")).sign(ALICE);
    assertEquals(Reason.FORK, reasonOf(store.append(fork)));
    assertEquals(Reason.FORK, reasonOf(store.append(fork)));
    assertEquals(Reason.FORK, reasonOf(store.append(fork.withoutBody())));
    assertEquals(1, store.forks(ALICE.publicKey()).size());
  }

  @Test
  public void pruningDeletesEverythingBelowAndRefusesItLater() {
    List<Event> events = log(ALICE, CHAT, 10);
    appendAllOk(events);
    LogKey log = events.get(0).logKey();
    assertEquals(5, store.prune(log, 5));
    assertEquals(5, store.prunePoint(log));
    for (Event event : events.subList(0, 5)) {
      assertEquals(Optional.empty(), store.get(event.id()), "header deleted: seq " + event.seqNum());
      assertEquals(Optional.empty(), store.get(log, event.seqNum()));
      assertFalse(store.removeBody(event.id()), "body deleted: seq " + event.seqNum());
      assertEquals(Reason.PRUNED, reasonOf(store.append(event)), "seq " + event.seqNum() + " again");
    }
    assertEquals(events.subList(5, 10), store.range(log, 0, 9));
    assertEquals(Optional.of(events.get(9)), store.latest(log));
    assertEquals(Map.of(log, 9L), store.heights(List.of(CHAT)));
    assertEquals(new AppendResult.Duplicate(events.get(5).id()), store.append(events.get(5)));
    assertEquals(0, store.prune(log, 5), "pruning at the prune point again deletes nothing");
    assertThrows(IllegalArgumentException.class, () -> store.prune(log, 3), "below the prune point");
    assertThrows(IllegalArgumentException.class, () -> store.prune(log, 10), "no event there");
    assertThrows(
        IllegalArgumentException.class,
        () -> store.prune(new LogKey(BOB.publicKey(), CHAT), 0),
        "no such log");
    Event otherTen = log(ALICE, CHAT, 11, "other ").get(10);
    assertEquals(Reason.BACKLINK_MISMATCH, reasonOf(store.append(otherTen)), "another history's seq 10");
  }

  @Test
  public void anEventWithThePruneFlagPrunesItsLogAndNeedsNoPredecessor() {
    List<Event> events = new ArrayList<>(log(ALICE, CHAT, 6));
    Event pruning = EventBuilder.following(events.get(5)).prune().body(Body.ofText("6")).sign(ALICE);
    events.add(pruning);
    events.add(EventBuilder.following(pruning).body(Body.ofText("7")).sign(ALICE));
    appendAllOk(events.subList(0, 4));
    LogKey log = pruning.logKey();
    assertEquals(new AppendResult.Appended(pruning), store.append(pruning), "accepted without seq 5");
    assertEquals(6, store.prunePoint(log));
    assertEquals(List.of(pruning), store.range(log, 0, 10));
    for (Event event : events.subList(0, 6)) {
      assertEquals(Optional.empty(), store.get(event.id()), "seq " + event.seqNum());
      assertEquals(Reason.PRUNED, reasonOf(store.append(event)), "seq " + event.seqNum() + " afterwards");
    }
    assertEquals(new AppendResult.Appended(events.get(7)), store.append(events.get(7)));
    assertEquals(Map.of(log, 7L), store.heights(ALICE.publicKey()));
  }

  @Test
  public void aPruneFlagWithItsPredecessorKnownStillChecksTheBacklink() {
    List<Event> events = log(ALICE, CHAT, 3);
    appendAllOk(events);
    Event wrong =
        EventBuilder.create()
            .seqNum(3, Optional.of(Hash.of(new byte[] {7})))
            .logId(CHAT)
            .prune()
            .sign(ALICE);
    assertEquals(Reason.BACKLINK_MISMATCH, reasonOf(store.append(wrong)));
    assertEquals(0, store.prunePoint(events.get(0).logKey()));
    Event right = EventBuilder.following(events.get(2)).prune().sign(ALICE);
    assertEquals(new AppendResult.Appended(right), store.append(right));
    assertEquals(3, store.prunePoint(right.logKey()));
    assertEquals(List.of(right), store.range(right.logKey(), 0, 3));
  }

  @Test
  public void removeBodyKeepsTheHeader() {
    List<Event> events = log(ALICE, CHAT, 2);
    appendAllOk(events);
    Event first = events.get(0);
    assertTrue(store.removeBody(first.id()));
    assertEquals(Optional.of(first.withoutBody()), store.get(first.id()));
    assertEquals(Optional.of(first.withoutBody()), store.get(first.logKey(), 0));
    assertFalse(store.removeBody(first.id()), "already gone");
    assertEquals(new AppendResult.Duplicate(first.id()), store.append(first));
    assertEquals(Optional.of(first), store.get(first.id()), "a duplicate brings it back");
    assertEquals(Optional.of(events.get(1)), store.get(events.get(1).id()), "others keep theirs");
  }

  @Test
  public void appendAllLetsLaterEventsDependOnEarlierOnes() {
    List<Event> events = log(ALICE, CHAT, 6);
    List<AppendResult> first = store.appendAll(events.subList(0, 4));
    assertEquals(events.subList(0, 4).stream().map(AppendResult.Appended::new).toList(), first);
    Event orphan = log(BOB, CHAT, 2).get(1);
    List<AppendResult> second =
        store.appendAll(List.of(events.get(4), orphan, events.get(5), events.get(5)));
    assertEquals(4, second.size());
    assertEquals(new AppendResult.Appended(events.get(4)), second.get(0));
    assertEquals(Reason.MISSING_PREDECESSOR, reasonOf(second.get(1)));
    assertEquals(new AppendResult.Appended(events.get(5)), second.get(2));
    assertEquals(new AppendResult.Duplicate(events.get(5).id()), second.get(3));
    assertEquals(events, store.range(events.get(0).logKey(), 0, 10));
    assertEquals(List.of(), store.appendAll(List.of()));
  }

  /**
   * One writer appends three logs while readers check that what they see is always a whole,
   * contiguous prefix of each log. Bounded: the readers stop when the writer is done.
   */
  @Test
  public void concurrentReadersWithOneWriterSeeWholePrefixesAndLoseNothing() throws InterruptedException {
    int length = 150;
    List<List<Event>> logs =
        List.of(log(ALICE, CHAT, length), log(ALICE, PHOTOS, length), log(BOB, CHAT, length));
    List<LogKey> keys = logs.stream().map(events -> events.get(0).logKey()).toList();
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    threads.add(
        new Thread(
            () -> {
              try {
                start.await();
                for (int seq = 0; seq < length; seq++) {
                  for (List<Event> events : logs) {
                    AppendResult result = store.append(events.get(seq));
                    if (!result.isAppended()) {
                      throw new AssertionError("seq " + seq + ": " + result);
                    }
                  }
                }
              } catch (Throwable t) {
                failures.add(t);
              } finally {
                writing.set(false);
              }
            },
            "writer"));
    for (int r = 0; r < 3; r++) {
      int reader = r;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  int rounds = 0;
                  while (writing.get() && rounds++ < 1_000_000) {
                    LogKey key = keys.get(rounds % keys.size());
                    List<Event> expected = logs.get(rounds % keys.size());
                    Optional<Event> latest = store.latest(key);
                    if (latest.isEmpty()) {
                      continue;
                    }
                    long height = latest.get().seqNum();
                    List<Event> prefix = store.range(key, 0, height);
                    if (!prefix.equals(expected.subList(0, (int) height + 1))) {
                      throw new AssertionError("reader " + reader + " saw a broken prefix of " + key);
                    }
                    Long seen = store.heights(key.author()).get(key);
                    if (seen == null || seen < height) {
                      throw new AssertionError("reader " + reader + ": height went back from " + height);
                    }
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              },
              "reader-" + r));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), List.copyOf(failures));
    for (int i = 0; i < logs.size(); i++) {
      assertEquals(logs.get(i), store.range(keys.get(i), 0, length), "log " + i + " is complete");
    }
  }

  @Test
  public void aClosedStoreThrows() {
    List<Event> events = log(ALICE, CHAT, 1);
    appendAllOk(events);
    LogKey log = events.get(0).logKey();
    Hash id = events.get(0).id();
    PublicKey author = ALICE.publicKey();
    store.close();
    assertThrows(StoreException.class, () -> store.append(events.get(0)));
    assertThrows(StoreException.class, () -> store.appendAll(events));
    assertThrows(StoreException.class, () -> store.get(id));
    assertThrows(StoreException.class, () -> store.get(log, 0));
    assertThrows(StoreException.class, () -> store.range(log, 0, 1));
    assertThrows(StoreException.class, () -> store.latest(log));
    assertThrows(StoreException.class, () -> store.heights(List.of(CHAT)));
    assertThrows(StoreException.class, () -> store.heights(author));
    assertThrows(StoreException.class, () -> store.prune(log, 0));
    assertThrows(StoreException.class, () -> store.prunePoint(log));
    assertThrows(StoreException.class, () -> store.removeBody(id));
    assertThrows(StoreException.class, () -> store.forks(author));
    store.close(); // closing twice is harmless
  }

  /** Rejections carry a message a human can act on. */
  @Test
  public void rejectionsExplainThemselves() {
    List<Event> events = log(ALICE, CHAT, 2);
    AppendResult result = store.append(events.get(1));
    Rejection rejection = ((AppendResult.Rejected) result).rejection();
    assertTrue(rejection.message().contains("1"), rejection.message());
    assertFalse(rejection.message().isBlank());
    assertEquals(
        new String(events.get(1).body().orElseThrow().bytes().toArray(), StandardCharsets.UTF_8), "1");
  }
}

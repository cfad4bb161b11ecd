package org.walkaway.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Header;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.InMemoryEventStore;
import org.walkaway.sync.internal.Message;

/** An honest A against a B whose frames are rewritten on the way: A cuts B off and stores nothing half-done. */
class AdversarialPeerTest {
  private final SplittableRandom random = new SplittableRandom(99);
  private final List<Event> log = Fixtures.log(random, 10, 40, -1);
  private final InMemoryEventStore storeA = new InMemoryEventStore();
  private final InMemoryEventStore storeB = new InMemoryEventStore();

  AdversarialPeerTest() {
    Fixtures.appendAll(storeB, log);
  }

  private Fixtures.Link link(SyncConfig config) {
    return SyncSessionTest.link(storeA, storeB, config);
  }

  private static SyncError failureAtA(Fixtures.Link link) {
    List<SyncOutput.Failed> failed = link.at(true, SyncOutput.Failed.class);
    assertEquals(1, failed.size(), "A fails exactly once: " + link.outputsA);
    assertTrue(link.a.isEnded());
    return failed.getFirst().error();
  }

  private static boolean isEvent(byte[] frame) {
    return frame[0] == Message.EVENT || frame[0] == Message.COMPACT;
  }

  @Test
  void garbageIsCutOffAsMalformed() {
    Fixtures.Link link = link(SyncSessionTest.config());
    link.start();
    link.injectToA(new byte[] {(byte) 0xEE, 1, 2, 3});
    while (link.step()) {}
    assertEquals(SyncError.Reason.MALFORMED_FRAME, failureAtA(link).reason());
    assertTrue(Fixtures.ids(storeA).isEmpty());
  }

  @Test
  void thePeerLearnsWhyItWasCutOff() {
    Fixtures.Link link = link(SyncSessionTest.config());
    link.route(link.b.start(), false);
    List<SyncOutput> out = link.b.receive(new byte[] {(byte) 0xEE});
    byte[] error = ((SyncOutput.Send) out.getFirst()).frame().toArray();
    List<SyncOutput> atPeer = new SyncSession(SyncSessionTest.config(), storeA).start();
    assertTrue(!atPeer.isEmpty());
    SyncSession peer = new SyncSession(SyncSessionTest.config(), new InMemoryEventStore());
    peer.start();
    SyncOutput.Failed failed = (SyncOutput.Failed) peer.receive(error).getLast();
    assertEquals(SyncError.Reason.PEER_FAILED, failed.error().reason());
    assertTrue(failed.error().message().contains("MALFORMED_FRAME"), failed.error().message());
  }

  @Test
  void oversizedFramesAreCutOff() {
    Fixtures.Link link = link(SyncSessionTest.config().withMaxFrameBytes(1024));
    link.start();
    link.injectToA(new byte[2000]);
    while (link.step()) {}
    assertEquals(SyncError.Reason.FRAME_TOO_LARGE, failureAtA(link).reason());
  }

  @Test
  void morePeerEventsThanAnnouncedAreCutOff() {
    Fixtures.Link link = link(SyncSessionTest.config().withBatches(100, 100));
    AtomicReference<byte[]> lastEvent = new AtomicReference<>();
    link.tamperBtoA = frame -> {
      if (isEvent(frame)) {
        lastEvent.set(frame);
      } else if (frame[0] == Message.DONE) {
        link.injectToA(lastEvent.get()); // one more than announced, then DONE
      }
      return frame;
    };
    link.run();
    assertEquals(SyncError.Reason.COUNT_MISMATCH, failureAtA(link).reason());
  }

  @Test
  void fewerPeerEventsThanAnnouncedStoreOnlyWholeBatches() {
    Fixtures.Link link = link(SyncSessionTest.config().withBatches(4, 100));
    AtomicInteger events = new AtomicInteger();
    link.tamperBtoA = frame -> isEvent(frame) && events.incrementAndGet() > 6 ? null : frame;
    link.run();
    assertEquals(SyncError.Reason.COUNT_MISMATCH, failureAtA(link).reason());
    assertEquals(log.subList(0, 4).stream().map(Event::id).toList(), List.copyOf(Fixtures.ids(storeA)).stream()
        .sorted((x, y) -> Long.compare(idx(x), idx(y))).toList(),
        "the first batch of 4 was whole and valid; events 4 and 5 were held back and dropped");
  }

  private long idx(org.walkaway.core.Hash id) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void forgedSignatureIsCutOffAndItsBatchNotApplied() {
    Event victim = log.get(5);
    Header h = victim.header();
    SigningKey forger = SigningKey.generate(new SplittableRandom(5));
    Header forged = new Header(h.version(), h.author(), forger.sign(new byte[] {1}), h.payloadSize(),
        h.payloadHash(), h.seqNum(), h.backlink(), h.extensions());
    byte[] forgedFrame = Message.encodeEvent(EventCodec.encode(forged).toArray(),
        Optional.of(victim.body().orElseThrow().bytes().toArray()), false);
    Fixtures.Link link = link(SyncSessionTest.config().withBatches(100, 100));
    AtomicInteger events = new AtomicInteger();
    link.tamperBtoA = frame -> isEvent(frame) && events.getAndIncrement() == 5 ? forgedFrame : frame;
    link.run();
    SyncError error = failureAtA(link);
    assertEquals(SyncError.Reason.INVALID_EVENT, error.reason());
    assertEquals(Rejection.Reason.BAD_SIGNATURE, error.rejection().orElseThrow().reason());
    assertTrue(Fixtures.ids(storeA).isEmpty(), "the batch held the forged event: nothing of it is stored");
  }

  @Test
  void tamperedBodyIsCutOff() {
    Fixtures.Link link = link(SyncSessionTest.config());
    link.tamperBtoA = frame -> {
      if (isEvent(frame)) {
        frame[frame.length - 1] ^= 1;
      }
      return frame;
    };
    link.run();
    // In a compact frame the payload hash is spliced in from the body, so a changed body makes the
    // header's signature fail; in a plain frame it would be a payload mismatch.
    assertEquals(Rejection.Reason.BAD_SIGNATURE, failureAtA(link).rejection().orElseThrow().reason());
    assertTrue(Fixtures.ids(storeA).isEmpty());
  }

  @Test
  void eventsOfUnannouncedLogsAreCutOff() {
    Event stranger = Fixtures.log(random, 1, 40, -1).getFirst();
    byte[] strangerFrame = Message.encodeEvent(stranger.headerBytes().toArray(),
        Optional.of(stranger.body().orElseThrow().bytes().toArray()), false);
    Fixtures.Link link = link(SyncSessionTest.config());
    AtomicInteger events = new AtomicInteger();
    link.tamperBtoA = frame -> isEvent(frame) && events.getAndIncrement() == 0 ? strangerFrame : frame;
    link.run();
    assertEquals(SyncError.Reason.UNANNOUNCED_EVENT, failureAtA(link).reason());
    assertTrue(Fixtures.ids(storeA).isEmpty());
  }

  @Test
  void announcingMoreThanThePeerListedIsCutOff() {
    Fixtures.Link link = link(SyncSessionTest.config());
    Event first = log.getFirst();
    link.tamperBtoA = frame -> frame[0] == Message.ANNOUNCE
        ? Message.encode(new Message.Announce(List.of(new Message.Run(first.author(), 0, 11))))
        : frame;
    link.run();
    assertEquals(SyncError.Reason.PROTOCOL_VIOLATION, failureAtA(link).reason());
  }

  @Test
  void messagesOutOfOrderAreProtocolViolations() {
    Fixtures.Link link = link(SyncSessionTest.config());
    link.route(link.a.start(), true);
    List<SyncOutput> out = link.a.receive(Message.encode(new Message.Done(0)));
    assertEquals(SyncError.Reason.PROTOCOL_VIOLATION,
        out.stream().filter(SyncOutput.Failed.class::isInstance).map(SyncOutput.Failed.class::cast)
            .findFirst().orElseThrow().error().reason());
    assertTrue(link.a.receive(new byte[] {1}).isEmpty(), "an ended session ignores further frames");
  }

  @Test
  void aHelloFromAnotherNodeOrTopicIsRefused() {
    Fixtures.Link link = link(SyncSessionTest.config());
    link.a.start();
    SigningKey impostor = Fixtures.node(77);
    byte[] hello = Message.encode(new Message.Hello(Message.VERSION, impostor.publicKey(), Fixtures.TOPIC,
        false, 0, Optional.of(List.of())));
    List<SyncOutput> out = link.a.receive(hello);
    assertTrue(out.stream().anyMatch(o -> o instanceof SyncOutput.Failed f
        && f.error().reason() == SyncError.Reason.WRONG_PEER_OR_TOPIC), out.toString());
  }

  @Test
  void overlappingReconciliationRangesAreCutOff() {
    Fixtures.Link link = link(SyncSessionTest.config().withReconcileAbove(0));
    link.a.start();
    byte[] hello = Message.encode(new Message.Hello(Message.VERSION, link.b.config().localNode(), Fixtures.TOPIC,
        false, 0, Optional.empty()));
    assertTrue(link.a.receive(hello).stream().allMatch(SyncOutput.Send.class::isInstance), "A opens the reconciliation");
    org.walkaway.core.Bytes low = org.walkaway.core.Bytes.of(new byte[32]);
    byte[] high = new byte[32];
    high[0] = 9;
    org.walkaway.core.Bytes fingerprint = org.walkaway.core.Bytes.of(new byte[16]);
    byte[] ranges = Message.encode(new Message.Ranges(List.of(
        new Message.Fingerprint(low, Optional.of(org.walkaway.core.Bytes.of(high)), fingerprint),
        new Message.Fingerprint(low, Optional.empty(), fingerprint))));
    SyncOutput last = link.a.receive(ranges).getLast();
    assertEquals(SyncError.Reason.MALFORMED_FRAME, ((SyncOutput.Failed) last).error().reason());
  }

  @Test
  void aSilentPeerIsCutOffByTicks() {
    Fixtures.Link link = link(SyncSessionTest.config().withStallTimeoutMillis(30_000));
    link.a.start();
    List<SyncOutput> out = new ArrayList<>();
    out.addAll(link.a.tick(1_000));
    out.addAll(link.a.tick(20_000));
    out.addAll(link.a.tick(30_999));
    assertTrue(out.isEmpty(), out.toString());
    out.addAll(link.a.tick(31_000));
    assertEquals(SyncError.Reason.STALLED, ((SyncOutput.Failed) out.getLast()).error().reason());
  }

  /**
   * With a verify executor, batches are pipelined (one verified while the next is spliced): a forged
   * event in the second batch still leaves exactly the whole first batch stored.
   */
  @Test
  void withAVerifyPoolAForgedEventInALaterBatchLeavesOnlyTheBatchesBeforeIt() {
    Event victim = log.get(5);
    Header h = victim.header();
    SigningKey forger = SigningKey.generate(new SplittableRandom(6));
    Header forged = new Header(h.version(), h.author(), forger.sign(new byte[] {2}), h.payloadSize(),
        h.payloadHash(), h.seqNum(), h.backlink(), h.extensions());
    byte[] forgedFrame = Message.encodeEvent(EventCodec.encode(forged).toArray(),
        Optional.of(victim.body().orElseThrow().bytes().toArray()), false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Fixtures.Link link = link(SyncSessionTest.config().withVerifyExecutor(pool, 2).withBatches(4, 100));
      AtomicInteger events = new AtomicInteger();
      link.tamperBtoA = frame -> isEvent(frame) && events.getAndIncrement() == 5 ? forgedFrame : frame;
      link.run();
      SyncError error = failureAtA(link);
      assertEquals(Rejection.Reason.BAD_SIGNATURE, error.rejection().orElseThrow().reason());
      assertEquals(java.util.Set.copyOf(log.subList(0, 4).stream().map(Event::id).toList()), Fixtures.ids(storeA),
          "the first batch (seq 0..3) was whole and valid; the one holding the forgery is not stored");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An author signs a header whose payload hash is H(x) and which carries H(y) in an extension field;
   * a compact frame then cuts H(y) there and ships body y. The splice reproduces the signed header,
   * so the signature verifies, but the body is not the payload the header names.
   */
  @ParameterizedTest(name = "on a verify pool: {0}")
  @ValueSource(booleans = {false, true})
  void aBodyWhoseHashIsSplicedIntoAnotherFieldIsAPayloadMismatch(boolean pooled) {
    SigningKey author = SigningKey.generate(new SplittableRandom(41));
    byte[] named = new byte[40];
    byte[] shipped = new byte[40];
    shipped[0] = 1;
    byte[] shippedHash = Hash.of(shipped).bytes().toArray();
    byte[] cborBytes = new byte[2 + 32];
    cborBytes[0] = 0x58;
    cborBytes[1] = 32;
    System.arraycopy(shippedHash, 0, cborBytes, 2, 32);
    Event event = EventBuilder.create().logId(Fixtures.TOPIC).field(5, Bytes.of(cborBytes))
        .body(Body.of(named)).sign(author);
    InMemoryEventStore sender = new InMemoryEventStore();
    InMemoryEventStore receiver = new InMemoryEventStore();
    Fixtures.appendAll(sender, List.of(event));
    byte[] crafted = Message.encodeCompactEvent(event.headerBytes().toArray(), Optional.of(shipped),
        List.of(Optional.of(author.publicKey().bytes().toArray()), Optional.of(shippedHash), Optional.empty(),
            Optional.empty()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SyncConfig config = pooled ? SyncSessionTest.config().withVerifyExecutor(pool, 2) : SyncSessionTest.config();
      Fixtures.Link link = SyncSessionTest.link(receiver, sender, config);
      link.tamperBtoA = frame -> isEvent(frame) ? crafted : frame;
      link.run();
      SyncError error = failureAtA(link);
      assertEquals(SyncError.Reason.INVALID_EVENT, error.reason());
      assertEquals(Rejection.Reason.PAYLOAD_MISMATCH, error.rejection().orElseThrow().reason(), error.toString());
      assertTrue(Fixtures.ids(receiver).isEmpty());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A batch verified on the executor is appended at the next tick if the peer falls silent after it. */
  @Test
  void aVerifiedBatchIsAppendedAtTheNextTickWhenThePeerFallsSilent() {
    Fixtures.Link link = link(SyncSessionTest.config().withVerifyExecutor(Runnable::run, 2).withBatches(4, 100));
    AtomicInteger events = new AtomicInteger();
    link.tamperBtoA = frame -> (isEvent(frame) && events.incrementAndGet() > 4) || frame[0] == Message.DONE
        ? null : frame;
    link.run();
    assertTrue(Fixtures.ids(storeA).isEmpty(), "the first batch is sealed and verified, waiting for the next");
    List<SyncOutput> out = link.a.tick(1_000);
    assertEquals(4, ((SyncOutput.Received) out.getFirst()).events().size(), out.toString());
    assertEquals(java.util.Set.copyOf(log.subList(0, 4).stream().map(Event::id).toList()), Fixtures.ids(storeA));
  }
}

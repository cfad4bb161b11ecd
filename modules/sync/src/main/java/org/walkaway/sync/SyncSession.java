package org.walkaway.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.core.processor.ParallelDecoder;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.EventStore;
import org.walkaway.core.store.LogValidation;
import org.walkaway.sync.internal.ByteWriter;
import org.walkaway.sync.internal.Message;
import org.walkaway.sync.internal.RangeReconciler;
import org.walkaway.sync.internal.Tip;
import org.walkaway.sync.internal.WireException;

/**
 * One sync of one topic with one peer, as a sans-IO state machine: frames in, frames out.
 *
 * <h2>Protocol</h2>
 *
 * <pre>
 *   A                                              B
 *   start(): HELLO(tips: author → height, prune) ─┐ ┌─ start(): HELLO(tips)
 *                                                  ╳
 *   receive(HELLO) ◄──────────────────────────────┘ └────────────► receive(HELLO)
 *   ANNOUNCE(runs: author, from, count)  ──────────►   each side computes, from the other's
 *   COMPACT × count (header, body) ────────────────►   tips, what the other lacks, and sends it
 *   DONE(count) ───────────────────────────────────►   in log order: one round trip before the
 *                                                      first missing event flows
 *   (live) LIVE events as they are published ──────►
 * </pre>
 *
 * When either side has more than {@link SyncConfig#reconcileAbove} logs in the topic, HELLO carries no
 * tips and the initiator starts a range-based set reconciliation over the tips first (see the
 * internal {@code RangeReconciler}): the tip exchange then costs in proportion to the logs that
 * differ, at the price of a few more round trips.
 *
 * <p>An event travels as a COMPACT frame: its header bytes exactly as stored, minus the four
 * 32-byte values the receiver knows (author, payload hash, backlink, log id), which the receiver
 * splices back before verifying (see the internal {@code Message}); the body follows as is.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Only what is missing travels.</b> A side sends a log's events above the peer's height and
 *       at or above both prune points, never below; the {@link PeerLedger} keeps concurrent sessions
 *       with the same peer from sending the same events twice.</li>
 *   <li><b>Everything received is verified before it is stored:</b> {@link EventCodec#decode}
 *       (canonical encoding, strict Ed25519 signature, body against header), then the log rules
 *       ({@link LogValidation}: right author, topic, sequence and backlink) against the store.</li>
 *   <li><b>Nothing half-applied.</b> Received events are appended in batches of one log, at most
 *       {@link SyncConfig#commitBatch} long, and a batch is appended only after every event in it
 *       passed both checks. A peer cut off mid-stream leaves each log a valid, gap-free prefix.
 *       With a verify executor, batches are pipelined: a sealed batch is verified on the executor
 *       while this thread splices the next, and is appended when the next is sealed, at DONE, or
 *       at a {@link #tick} once verified; a batch still in flight when the session ends is dropped
 *       (it is re-sent by the next session).</li>
 *   <li><b>A misbehaving peer is cut off</b> with a typed {@link SyncError}: garbage or oversized
 *       frames, an event outside what it announced, more or fewer events than announced, an invalid
 *       event, silence while expected to speak ({@link #tick}).</li>
 * </ul>
 *
 * <h2>Driving it</h2>
 *
 * Call {@link #start()} once, {@link #receive} for each frame from the peer, {@link #tick} now and
 * then with the current time, and send every {@link SyncOutput.Send} in order. While {@link
 * #wantsToSend()} is true, {@link #poll()} yields more event frames (at most {@link
 * SyncConfig#sendBatch} per call), so a slow channel applies backpressure. The session appends
 * received events to the {@link EventStore} it was given: the store is an in-process dependency, and
 * appending inside the session is what lets it check a batch against the log before anything is
 * written. Not thread-safe: one driver at a time.
 */
public final class SyncSession {
  private enum Phase { NEW, AWAIT_HELLO, RECONCILING, EXCHANGING, LIVE, ENDED }

  private static final int MAX_RECONCILIATION_MESSAGES = 128;

  private final SyncConfig config;
  private final Optional<ParallelDecoder> decoder;
  private final EventStore store;
  private final PeerLedger ledger;
  private final byte[] topicBytes;
  /** The id of the event before the next one expected, when known: the compact-frame backlink. */
  private Optional<byte[]> previousId = Optional.empty();
  private Phase phase = Phase.NEW;

  private List<Tip> myTips = List.of();
  private final Map<PublicKey, Tip> myTipsByAuthor = new HashMap<>();
  private boolean sentTipsInline;
  private RangeReconciler reconciler;
  private Map<PublicKey, Tip> theirTips = Map.of();
  private Set<PublicKey> settled = Set.of();
  /** The highest seq the peer is known to hold per author, for live pushes. */
  private final Map<PublicKey, Long> peerHeights = new HashMap<>();

  private List<Message.Run> plan;
  private int sendRun;
  private long sendNext;
  private boolean doneSent;

  private List<Message.Run> announced;
  private long announcedTotal;
  private int receiveRun;
  private long receiveNext;
  private long receivedTotal;
  /** Received events of the current run not yet sealed into a batch. */
  private final List<Incoming> pending = new ArrayList<>();
  /**
   * A sealed batch still being verified on the verify executor: it is appended when the next batch
   * is sealed, at DONE, or at a tick once verified, so that the session thread splices the next
   * batch while the executor verifies this one.
   */
  private Optional<Batch> inFlight = Optional.empty();
  private boolean peerDone;

  private long lastProgressMillis = -1;
  private boolean progressed;

  private long eventsSent;
  private long eventsReceived;
  private long duplicatesReceived;
  private long framesSent;
  private long framesReceived;
  private long bytesSent;
  private long bytesReceived;

  /** A session with a ledger of its own (no other session to coordinate with). */
  public SyncSession(SyncConfig config, EventStore store) {
    this(config, store, new PeerLedger());
  }

  public SyncSession(SyncConfig config, EventStore store, PeerLedger ledger) {
    this.config = Objects.requireNonNull(config, "config");
    this.decoder = config.verifyExecutor()
        .map(executor -> new ParallelDecoder(executor, config.verifyParallelism(), config.decodeLimits()));
    this.store = Objects.requireNonNull(store, "store");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.topicBytes = config.topic().bytes().toArray();
  }

  public SyncConfig config() {
    return config;
  }

  /** Sends this side's HELLO. Call once, before anything else. */
  public List<SyncOutput> start() {
    if (phase != Phase.NEW) {
      throw new IllegalStateException("start() was already called");
    }
    List<SyncOutput> out = new ArrayList<>();
    ledger.register(this);
    if (ledger.superseded(this)) {
      supersede(out);
      return out;
    }
    List<Tip> tips = new ArrayList<>();
    store.heights(List.of(config.topic()))
        .forEach((log, height) -> tips.add(new Tip(log.author(), height, store.prunePoint(log))));
    tips.sort(null);
    myTips = List.copyOf(tips);
    myTips.forEach(tip -> myTipsByAuthor.put(tip.author(), tip));
    sentTipsInline = myTips.size() <= config.reconcileAbove();
    send(out, new Message.Hello(Message.VERSION, config.localNode(), config.topic(), config.initiator(),
        myTips.size(), sentTipsInline ? Optional.of(myTips) : Optional.empty()));
    phase = Phase.AWAIT_HELLO;
    return out;
  }

  /** Handles one frame from the peer. */
  public List<SyncOutput> receive(byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    if (phase == Phase.NEW) {
      throw new IllegalStateException("call start() before receive()");
    }
    List<SyncOutput> out = new ArrayList<>();
    if (phase == Phase.ENDED) {
      return out;
    }
    framesReceived++;
    bytesReceived += frame.length + ByteWriter.varintLength(frame.length);
    progressed = true;
    if (ledger.superseded(this)) {
      supersede(out);
      return out;
    }
    if (frame.length > config.maxFrameBytes()) {
      return fail(out, SyncError.of(SyncError.Reason.FRAME_TOO_LARGE,
          "frame of " + frame.length + " bytes exceeds the limit of " + config.maxFrameBytes()));
    }
    Message message;
    try {
      message = Message.decode(frame);
    } catch (WireException | IllegalArgumentException e) {
      return fail(out, SyncError.of(SyncError.Reason.MALFORMED_FRAME, e.getMessage()));
    }
    try {
      handle(message, out);
    } catch (WireException e) {
      return fail(out, SyncError.of(SyncError.Reason.MALFORMED_FRAME, e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException("interrupted while verifying received events", e);
    }
    return out;
  }

  /**
   * Tells the session the time. A peer that sent nothing for {@link SyncConfig#stallTimeoutMillis}
   * while the session waits for it is cut off. Idle live sessions are not stalled.
   */
  public List<SyncOutput> tick(long nowMillis) {
    List<SyncOutput> out = new ArrayList<>();
    if (phase == Phase.NEW || phase == Phase.ENDED) {
      return out;
    }
    if (ledger.superseded(this)) {
      supersede(out);
      return out;
    }
    if (inFlight.isPresent() && inFlight.get().verdicts().isDone()) {
      try {
        applyInFlight(out);
      } catch (InterruptedException e) {
        throw new IllegalStateException("a finished verification cannot be interrupted; this is a bug", e);
      }
      if (phase == Phase.ENDED) {
        return out;
      }
    }
    boolean waiting =
        phase == Phase.AWAIT_HELLO || phase == Phase.RECONCILING || (phase == Phase.EXCHANGING && !peerDone);
    if (lastProgressMillis < 0 || progressed || !waiting) {
      lastProgressMillis = nowMillis;
      progressed = false;
    } else if (nowMillis - lastProgressMillis >= config.stallTimeoutMillis()) {
      fail(out, SyncError.of(SyncError.Reason.STALLED,
          "the peer sent nothing for " + (nowMillis - lastProgressMillis) + " ms while it was expected to"));
    }
    return out;
  }

  /** True while event frames are waiting to be produced by {@link #poll()}. */
  public boolean wantsToSend() {
    return phase == Phase.EXCHANGING && plan != null && !doneSent;
  }

  /** The next event frames (at most {@link SyncConfig#sendBatch}), then DONE. */
  public List<SyncOutput> poll() {
    List<SyncOutput> out = new ArrayList<>();
    if (wantsToSend()) {
      fillSends(out);
    }
    return out;
  }

  /**
   * In live mode, after {@link SyncOutput.Completed}: pushes an event appended locally to the peer,
   * unless the peer holds it already (it came from the peer, or it does not continue the peer's copy
   * of the log; the next session catches that up).
   */
  public List<SyncOutput> publish(Event event) {
    List<SyncOutput> out = new ArrayList<>();
    if (phase != Phase.LIVE || !event.logId().equals(config.topic())) {
      return out;
    }
    long peerHeight = peerHeights.getOrDefault(event.author(), -1L);
    if (event.seqNum() != peerHeight + 1 && !event.header().prune()) {
      return out;
    }
    if (event.seqNum() <= peerHeight) {
      return out;
    }
    peerHeights.put(event.author(), event.seqNum());
    sendFrame(out, Message.encodeEvent(event.headerBytes().toArray(),
        event.body().map(b -> b.bytes().toArray()), true));
    eventsSent++;
    return out;
  }

  /** Ends the session from this side; the peer gets a CANCEL. */
  public List<SyncOutput> close() {
    List<SyncOutput> out = new ArrayList<>();
    if (phase != Phase.ENDED && phase != Phase.NEW) {
      send(out, new Message.Cancel("closed"));
      end(out, "closed by this side");
    }
    return out;
  }

  public boolean isEnded() {
    return phase == Phase.ENDED;
  }

  public SyncStats stats() {
    return new SyncStats(eventsSent, eventsReceived, duplicatesReceived, framesSent, framesReceived,
        bytesSent, bytesReceived, reconciler == null ? 0 : reconciler.messagesProcessed());
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(Message message, List<SyncOutput> out) throws InterruptedException {
    switch (message) {
      case Message.Error e ->
          fail(out, SyncError.of(SyncError.Reason.PEER_FAILED, "the peer gave up: " + e.message()), false);
      case Message.Cancel c -> end(out, "closed by the peer: " + c.reason());
      case Message.Hello h when phase == Phase.AWAIT_HELLO -> onHello(h, out);
      case Message.Ranges r when phase == Phase.RECONCILING -> onRanges(r, out);
      case Message.Announce a when phase == Phase.EXCHANGING && announced == null -> onAnnounce(a, out);
      case Message.EventFrame e when !e.live() && phase == Phase.EXCHANGING && announced != null && !peerDone ->
          onEvent(e.header(), e.body(), Optional.empty(), out);
      case Message.CompactEventFrame c when phase == Phase.EXCHANGING && announced != null && !peerDone ->
          onCompactEvent(c, out);
      case Message.Done d when phase == Phase.EXCHANGING && announced != null && !peerDone -> onDone(d, out);
      case Message.EventFrame e when e.live() && config.live() && peerDone
          && (phase == Phase.EXCHANGING || phase == Phase.LIVE) -> onLiveEvent(e, out);
      default -> fail(out, SyncError.of(SyncError.Reason.PROTOCOL_VIOLATION,
          message.getClass().getSimpleName() + " is not expected now (phase " + phase + ")"));
    }
  }

  private void onHello(Message.Hello hello, List<SyncOutput> out) {
    if (hello.version() != Message.VERSION) {
      fail(out, SyncError.of(SyncError.Reason.UNSUPPORTED_VERSION,
          "the peer speaks sync version " + hello.version() + ", this node " + Message.VERSION));
      return;
    }
    if (!hello.node().equals(config.peerNode()) || !hello.topic().equals(config.topic())) {
      fail(out, SyncError.of(SyncError.Reason.WRONG_PEER_OR_TOPIC,
          "HELLO from node " + hello.node() + " for log id " + hello.topic() + ", expected node "
              + config.peerNode() + " for " + config.topic()));
      return;
    }
    if (hello.initiator() == config.initiator()) {
      fail(out, SyncError.of(SyncError.Reason.PROTOCOL_VIOLATION,
          "both sides claim to be the " + (config.initiator() ? "initiator" : "acceptor")));
      return;
    }
    if (sentTipsInline && hello.tips().isPresent()) {
      Map<PublicKey, Tip> tips = new HashMap<>();
      for (Tip tip : hello.tips().get()) {
        if (tips.put(tip.author(), tip) != null) {
          throw new WireException("HELLO lists author " + tip.author() + " twice");
        }
      }
      theirTips = tips;
      Set<PublicKey> all = new HashSet<>(tips.keySet());
      all.addAll(myTipsByAuthor.keySet());
      settled = all;
      beginExchange(out);
    } else {
      phase = Phase.RECONCILING;
      reconciler = new RangeReconciler(myTips);
      if (config.initiator()) {
        send(out, reconciler.opening());
      }
    }
  }

  private void onRanges(Message.Ranges ranges, List<SyncOutput> out) {
    if (reconciler.messagesProcessed() >= MAX_RECONCILIATION_MESSAGES) {
      fail(out, SyncError.of(SyncError.Reason.PROTOCOL_VIOLATION,
          "reconciliation did not end after " + MAX_RECONCILIATION_MESSAGES + " messages"));
      return;
    }
    Message.Ranges answer = reconciler.answer(ranges);
    boolean finished;
    if (RangeReconciler.asksForAnswer(ranges)) {
      send(out, answer);
      finished = !RangeReconciler.asksForAnswer(answer);
    } else {
      if (!answer.ranges().isEmpty()) {
        throw new IllegalStateException("an answer to a message asking nothing must be empty");
      }
      finished = true;
    }
    if (finished) {
      theirTips = reconciler.theirs();
      settled = reconciler.settled();
      beginExchange(out);
    }
  }

  private void beginExchange(List<SyncOutput> out) {
    phase = Phase.EXCHANGING;
    theirTips.forEach((author, tip) -> peerHeights.put(author, tip.height()));
    for (Tip mine : myTips) {
      if (!settled.contains(mine.author())) {
        peerHeights.put(mine.author(), mine.height()); // the range matched: the peer holds the same
      }
    }
    List<Message.Run> runs = new ArrayList<>();
    for (Tip mine : myTips) {
      if (!settled.contains(mine.author())) {
        continue;
      }
      Tip theirs = theirTips.get(mine.author());
      LogKey log = new LogKey(mine.author(), config.topic());
      long peerNext = theirs == null ? 0 : theirs.height() + 1;
      long from = Math.max(peerNext, mine.prunePoint());
      if (theirs != null) {
        from = Math.max(from, theirs.prunePoint());
      }
      from = Math.max(from, ledger.knownHeight(this, log) + 1);
      if (from > mine.height()) {
        continue;
      }
      if (from > peerNext) {
        // A gap: the peer can continue from here only if the first event prunes its predecessors.
        Optional<Event> first = store.get(log, from);
        if (first.isEmpty() || !first.get().header().prune()) {
          continue;
        }
      }
      runs.add(new Message.Run(mine.author(), from, mine.height() - from + 1));
      ledger.sending(this, log, mine.height());
    }
    plan = List.copyOf(runs);
    if (!plan.isEmpty()) {
      sendNext = plan.getFirst().fromSeq();
    }
    send(out, new Message.Announce(plan));
    fillSends(out);
  }

  private void fillSends(List<SyncOutput> out) {
    int budget = config.sendBatch();
    while (budget > 0 && sendRun < plan.size()) {
      Message.Run run = plan.get(sendRun);
      long last = run.fromSeq() + run.count() - 1;
      long to = Math.min(last, sendNext + budget - 1);
      List<Event> events = store.range(new LogKey(run.author(), config.topic()), sendNext, to);
      if (events.size() != to - sendNext + 1) {
        fail(out, SyncError.of(SyncError.Reason.PROTOCOL_VIOLATION,
            "the local store no longer holds events " + sendNext + ".." + to + " of " + run.author()
                + " that were announced (pruned meanwhile)"));
        return;
      }
      Tip theirs = theirTips.get(run.author());
      boolean peerHoldsPredecessor = theirs != null && theirs.height() + 1 == run.fromSeq();
      for (Event event : events) {
        boolean backlinkKnown = event.seqNum() > run.fromSeq() || peerHoldsPredecessor;
        List<Optional<byte[]>> dictionary = List.of(
            Optional.of(run.author().bytes().toArray()),
            event.body().isPresent() ? event.header().payloadHash().map(h -> h.bytes().toArray()) : Optional.empty(),
            backlinkKnown ? event.header().backlink().map(h -> h.bytes().toArray()) : Optional.empty(),
            Optional.of(topicBytes));
        sendFrame(out, Message.encodeCompactEvent(event.headerBytes().toArray(),
            event.body().map(b -> b.bytes().toArray()), dictionary));
        eventsSent++;
      }
      peerHeights.merge(run.author(), to, Math::max);
      budget -= events.size();
      sendNext = to + 1;
      if (sendNext > last) {
        sendRun++;
        if (sendRun < plan.size()) {
          sendNext = plan.get(sendRun).fromSeq();
        }
      }
    }
    if (sendRun == plan.size() && !doneSent) {
      send(out, new Message.Done(eventsSent));
      doneSent = true;
      maybeComplete(out);
    }
  }

  private void onAnnounce(Message.Announce announce, List<SyncOutput> out) {
    Set<PublicKey> seen = new HashSet<>();
    long total = 0;
    for (Message.Run run : announce.runs()) {
      Tip theirs = theirTips.get(run.author());
      if (!seen.add(run.author()) || theirs == null || !settled.contains(run.author())) {
        fail(out, SyncError.of(SyncError.Reason.UNANNOUNCED_EVENT,
            "the peer announced events of author " + run.author() + ", whose log it did not list or listed twice"));
        return;
      }
      Tip mine = myTipsByAuthor.get(run.author());
      long lowest = mine == null ? 0 : Math.max(mine.height() + 1, mine.prunePoint());
      // Written so that no sum can overflow: fromSeq and count are whatever 64-bit values a peer sent.
      if (run.count() < 1 || run.fromSeq() < Math.max(lowest, theirs.prunePoint())
          || run.fromSeq() > theirs.height() || run.count() > theirs.height() - run.fromSeq() + 1) {
        fail(out, SyncError.of(SyncError.Reason.PROTOCOL_VIOLATION,
            "the peer announced " + run.count() + " events of " + run.author() + " from seq " + run.fromSeq()
                + ", outside what this node lacks (from " + Math.max(lowest, theirs.prunePoint())
                + " to the peer's height " + theirs.height() + ")"));
        return;
      }
      total += run.count();
    }
    announced = announce.runs();
    announcedTotal = total;
    if (!announced.isEmpty()) {
      receiveNext = announced.getFirst().fromSeq();
    }
  }

  private void onCompactEvent(Message.CompactEventFrame frame, List<SyncOutput> out) throws InterruptedException {
    if (receivedTotal >= announcedTotal) {
      fail(out, SyncError.of(SyncError.Reason.COUNT_MISMATCH,
          "the peer announced " + announcedTotal + " events and sent more"));
      return;
    }
    Message.Run run = announced.get(receiveRun);
    expectPredecessor(run);
    // The body is hashed once, here, to splice its hash into the header; the same hash then checks
    // the body against the decoded header (BLAKE3 of a 1 KiB body is ~8 µs, a tenth of a verify).
    Optional<Hash> bodyHash =
        (frame.mask() & (1 << PAYLOAD_HASH)) != 0 ? frame.body().map(Hash::of) : Optional.empty();
    byte[] header = frame.header(i -> switch (i) {
      case 0 -> Optional.of(run.author().bytes().toArray());
      case PAYLOAD_HASH -> bodyHash.map(hash -> hash.bytes().toArray());
      case 2 -> previousId;
      default -> Optional.of(topicBytes);
    }, config.decodeLimits().maxHeaderBytes());
    onEvent(header, frame.body(), bodyHash, out);
  }

  /** The compact-frame dictionary index of the payload hash (see the internal {@code Message}). */
  private static final int PAYLOAD_HASH = 1;

  /** At the first event of a run, the predecessor is the store's event just below the run. */
  private void expectPredecessor(Message.Run run) {
    if (receiveNext + pending.size() == run.fromSeq()) {
      previousId = run.fromSeq() == 0 ? Optional.empty()
          : store.get(new LogKey(run.author(), config.topic()), run.fromSeq() - 1).map(e -> e.id().bytes().toArray());
    }
  }

  private void onEvent(byte[] header, Optional<byte[]> body, Optional<Hash> bodyHash, List<SyncOutput> out)
      throws InterruptedException {
    if (receivedTotal >= announcedTotal) {
      fail(out, SyncError.of(SyncError.Reason.COUNT_MISMATCH,
          "the peer announced " + announcedTotal + " events and sent more"));
      return;
    }
    previousId = Optional.of(Hash.of(header).bytes().toArray());
    pending.add(new Incoming(header, body, bodyHash));
    receivedTotal++;
    Message.Run run = announced.get(receiveRun);
    boolean runComplete = receiveNext + pending.size() > run.fromSeq() + run.count() - 1;
    if (runComplete || pending.size() >= config.commitBatch()) {
      seal(out);
    }
  }

  private void onDone(Message.Done done, List<SyncOutput> out) throws InterruptedException {
    applyInFlight(out);
    if (phase == Phase.ENDED) {
      return;
    }
    if (receivedTotal != announcedTotal || done.eventsSent() != announcedTotal) {
      fail(out, SyncError.of(SyncError.Reason.COUNT_MISMATCH,
          "the peer announced " + announcedTotal + " events, sent " + receivedTotal + " and says it sent "
              + done.eventsSent()));
      return;
    }
    peerDone = true;
    maybeComplete(out);
  }

  /**
   * Seals the pending events (one log) into a batch and starts verifying it; appends the batch sealed
   * before it, whose verification ran meanwhile. Without a verify executor the batch is verified and
   * appended at once.
   */
  private void seal(List<SyncOutput> out) throws InterruptedException {
    Message.Run run = announced.get(receiveRun);
    List<Incoming> events = List.copyOf(pending);
    Batch batch = new Batch(run, receiveNext, events, verify(events));
    pending.clear();
    receiveNext += events.size();
    if (receiveNext > run.fromSeq() + run.count() - 1) {
      receiveRun++;
      if (receiveRun < announced.size()) {
        receiveNext = announced.get(receiveRun).fromSeq();
      }
    }
    applyInFlight(out);
    if (phase == Phase.ENDED) {
      return;
    }
    inFlight = Optional.of(batch);
    if (config.verifyExecutor().isEmpty()) {
      applyInFlight(out);
    }
  }

  /** Waits for the in-flight batch's verdicts, then appends it whole; or cuts the peer off. */
  private void applyInFlight(List<SyncOutput> out) throws InterruptedException {
    if (inFlight.isEmpty()) {
      return;
    }
    Batch sealed = inFlight.get();
    inFlight = Optional.empty();
    List<Verdict<Event>> verdicts;
    try {
      verdicts = sealed.verdicts().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("verifying a batch failed unexpectedly; this is a bug", e.getCause());
    }
    Message.Run run = sealed.run();
    List<Event> batch = new ArrayList<>(verdicts.size());
    LogKey log = new LogKey(run.author(), config.topic());
    Optional<Event> previous = sealed.fromSeq() == 0 ? Optional.empty() : store.get(log, sealed.fromSeq() - 1);
    long seq = sealed.fromSeq();
    for (int i = 0; i < verdicts.size(); i++) {
      if (verdicts.get(i) instanceof Verdict.Rejected<Event>(Rejection rejection)) {
        fail(out, new SyncError(SyncError.Reason.INVALID_EVENT,
            "event at seq " + seq + " of " + run.author() + " failed verification: " + rejection,
            Optional.of(rejection)));
        return;
      }
      Event event = ((Verdict.Accepted<Event>) verdicts.get(i)).value();
      Incoming incoming = sealed.events().get(i);
      if (incoming.bodyHash().isPresent()) {
        Body body = Body.of(incoming.body().orElseThrow());
        // The header was decoded and verified without the body; check the body against it with the
        // hash computed once, on arrival, from these bytes.
        if (EventCodec.checkBody(event.header(), body, incoming.bodyHash().get())
            instanceof Verdict.Rejected<Body>(Rejection mismatch)) {
          fail(out, new SyncError(SyncError.Reason.INVALID_EVENT,
              "event at seq " + seq + " of " + run.author() + " failed verification: " + mismatch,
              Optional.of(mismatch)));
          return;
        }
        event = new Event(event.id(), event.header(), event.headerBytes(), Optional.of(body));
      }
      if (!event.logKey().equals(log) || event.seqNum() != seq) {
        fail(out, SyncError.of(SyncError.Reason.UNANNOUNCED_EVENT,
            "expected seq " + seq + " of " + run.author() + " in this topic, got seq " + event.seqNum()
                + " of " + event.author() + " in log " + event.logId()));
        return;
      }
      Optional<Rejection> rejection = LogValidation.check(event, previous);
      if (rejection.isPresent()) {
        fail(out, new SyncError(SyncError.Reason.INVALID_EVENT,
            "event at seq " + seq + " of " + run.author() + " breaks its log: " + rejection.get(),
            rejection));
        return;
      }
      batch.add(event);
      previous = Optional.of(event);
      seq++;
    }
    List<Event> appended = new ArrayList<>(batch.size());
    for (AppendResult result : store.appendAll(batch)) {
      switch (result) {
        case AppendResult.Appended a -> appended.add(a.event());
        case AppendResult.Duplicate d -> duplicatesReceived++;
        case AppendResult.Rejected r -> {
          // Only a concurrent local append can get here: the batch passed the same checks above.
          fail(out, new SyncError(SyncError.Reason.INVALID_EVENT,
              "the store refused " + r.event() + ": " + r.rejection(), Optional.of(r.rejection())));
          return;
        }
      }
    }
    eventsReceived += appended.size();
    ledger.received(config.peerNode(), log, seq - 1);
    peerHeights.merge(run.author(), seq - 1, Math::max);
    if (!appended.isEmpty()) {
      out.add(new SyncOutput.Received(appended));
    }
  }

  /**
   * Decodes and verifies a batch: with a verify executor, in event-core's {@link ParallelDecoder}
   * without blocking, so the session can splice the next batch meanwhile; without one, here and now.
   */
  private CompletableFuture<List<Verdict<Event>>> verify(List<Incoming> events) {
    if (decoder.isEmpty() || events.size() < 2) {
      return CompletableFuture.completedFuture(events.stream().map(this::decode).toList());
    }
    return decoder.get().decodeAllAsync(events.stream().map(SyncSession::raw).toList());
  }

  /** Full decoding; an event whose body hash is known is decoded without its body (checked after). */
  private Verdict<Event> decode(Incoming event) {
    return EventCodec.decode(event.header(), event.bodyHash().isPresent() ? Optional.empty() : event.body(),
        config.decodeLimits());
  }

  /** As {@link #decode}, for the parallel decoder: the body is left out when its hash is known. */
  private static RawEvent raw(Incoming event) {
    return new RawEvent(Bytes.of(event.header()),
        event.bodyHash().isPresent() ? Optional.empty() : event.body().map(Bytes::of));
  }

  /**
   * A received event before verification.
   *
   * @param bodyHash BLAKE3 of {@code body}, when it was computed to splice the header
   */
  private record Incoming(byte[] header, Optional<byte[]> body, Optional<Hash> bodyHash) {}

  /** The events {@code fromSeq..} of {@code run}, sealed, and their verdicts (maybe still being computed). */
  private record Batch(Message.Run run, long fromSeq, List<Incoming> events,
      CompletableFuture<List<Verdict<Event>>> verdicts) {}

  private void onLiveEvent(Message.EventFrame frame, List<SyncOutput> out) {
    Verdict<Event> verdict = EventCodec.decode(frame.header(), frame.body(), config.decodeLimits());
    if (verdict instanceof Verdict.Rejected<Event>(Rejection rejection)) {
      fail(out, new SyncError(SyncError.Reason.INVALID_EVENT, "live event failed verification: " + rejection,
          Optional.of(rejection)));
      return;
    }
    Event event = ((Verdict.Accepted<Event>) verdict).value();
    if (!event.logId().equals(config.topic())) {
      fail(out, SyncError.of(SyncError.Reason.UNANNOUNCED_EVENT, "live event of another topic: " + event));
      return;
    }
    switch (store.append(event)) {
      case AppendResult.Appended a -> {
        eventsReceived++;
        peerHeights.merge(event.author(), event.seqNum(), Math::max);
        ledger.received(config.peerNode(), event.logKey(), event.seqNum());
        out.add(new SyncOutput.Received(List.of(event)));
      }
      case AppendResult.Duplicate d -> duplicatesReceived++;
      case AppendResult.Rejected r -> fail(out, new SyncError(SyncError.Reason.INVALID_EVENT,
          "live event refused by its log: " + r.rejection(), Optional.of(r.rejection())));
    }
  }

  private void maybeComplete(List<SyncOutput> out) {
    if (phase != Phase.EXCHANGING || !doneSent || !peerDone) {
      return;
    }
    if (config.live()) {
      phase = Phase.LIVE;
      out.add(new SyncOutput.Completed(stats()));
    } else {
      phase = Phase.ENDED;
      ledger.finished(this);
      out.add(new SyncOutput.Completed(stats()));
    }
  }

  private void supersede(List<SyncOutput> out) {
    send(out, new Message.Cancel("superseded by the session initiated by the lower key"));
    end(out, "superseded");
  }

  private void end(List<SyncOutput> out, String reason) {
    phase = Phase.ENDED;
    pending.clear();
    inFlight = Optional.empty();
    ledger.finished(this);
    out.add(new SyncOutput.Closed(reason, stats()));
  }

  private List<SyncOutput> fail(List<SyncOutput> out, SyncError error) {
    return fail(out, error, true);
  }

  private List<SyncOutput> fail(List<SyncOutput> out, SyncError error, boolean tellPeer) {
    if (tellPeer) {
      send(out, new Message.Error(error.toString()));
    }
    phase = Phase.ENDED;
    pending.clear();
    inFlight = Optional.empty();
    ledger.finished(this);
    out.add(new SyncOutput.Failed(error, stats()));
    return out;
  }

  private void send(List<SyncOutput> out, Message message) {
    sendFrame(out, Message.encode(message));
  }

  private void sendFrame(List<SyncOutput> out, byte[] frame) {
    framesSent++;
    bytesSent += frame.length + ByteWriter.varintLength(frame.length);
    out.add(new SyncOutput.Send(Bytes.of(frame)));
  }
}

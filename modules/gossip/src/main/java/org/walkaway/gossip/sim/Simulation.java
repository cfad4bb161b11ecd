package org.walkaway.gossip.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.gossip.GossipConfig;
import org.walkaway.gossip.GossipMessage;
import org.walkaway.gossip.GossipNode;
import org.walkaway.gossip.Input;
import org.walkaway.gossip.MessageIds;
import org.walkaway.gossip.Output;
import org.walkaway.gossip.PublishResult;
import org.walkaway.gossip.Timer;
import org.walkaway.gossip.TopicId;

/**
 * A deterministic discrete-event simulation of many {@link GossipNode}s on one network: virtual time,
 * per-link latency, message loss, crashes and restarts, partitions, churn. Everything random comes
 * from one seed, so the same seed and the same calls give the same run, event for event
 * ({@link #traceDigest()}).
 *
 * <pre>
 *   publish/join/crash/partition (at now) ──┐
 *                                           ▼
 *   ┌─ event queue (time, seq) ─┐    GossipNode.handle(now, input) ──▶ outputs
 *   │ message arrival           │ ──▶        ▲                           │ Send: + latency (or lost,
 *   │ timer                     │            │                           │   or ConnectionLost back)
 *   │ connection lost           │ ◀──────────┴───────────────────────────┘ SetTimer: + delay
 *   └───────────────────────────┘                                          Deliver: recorded
 * </pre>
 *
 * <p>The network model: a message on a link arrives after the link's latency ({@link LatencyModel};
 * fixed per link, so links keep order), unless it is lost (probability {@link Builder#lossProbability}).
 * A message to a crashed or partitioned-off node is dropped, and the sender's transport reports
 * {@link Input.ConnectionLost} after {@link Builder#failureDetectionMillis} (a connect timeout).
 * When a node crashes, or a partition cuts a link, each node that had the other as a neighbour is told
 * {@code ConnectionLost} after the same delay (its connection's keep-alive timing out). Timers are
 * exact.
 *
 * <p>Nodes are numbered from 0; their keys are made up (not Ed25519 keys), which gossip does not
 * mind. Not thread-safe.
 */
public final class Simulation {

  /** Sees every message a node sends, before the network decides its fate. */
  @FunctionalInterface
  public interface MessageObserver {
    void sent(long time, int from, int to, GossipMessage message);
  }

  private static final int ARRIVAL = 0;
  private static final int TIMER = 1;
  private static final int LOST = 2;
  private static final int ACTION = 3;

  /** One scheduled event. A single class keeps the queue cheap at 10,000 nodes. */
  private static final class Event {
    final long time;
    final long seq;
    final int kind;
    final int node;
    final int other;
    final int incarnation;
    final Object subject;

    Event(long time, long seq, int kind, int node, int other, int incarnation, Object subject) {
      this.time = time;
      this.seq = seq;
      this.kind = kind;
      this.node = node;
      this.other = other;
      this.incarnation = incarnation;
      this.subject = subject;
    }
  }

  private final long seed;
  private final GossipConfig config;
  private final LatencyModel latency;
  private final double lossProbability;
  private final long failureDetectionMillis;
  private final MessageIds messageIds;
  private final SplittableRandom random;

  private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
      a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private final ArrayList<GossipNode> nodes = new ArrayList<>();
  private final ArrayList<PublicKey> keys = new ArrayList<>();
  private final Map<PublicKey, Integer> indexOf = new HashMap<>();
  private final BitSet alive = new BitSet();
  private int[] incarnation = new int[16];
  private int[] group = new int[16];
  private final HashSet<Long> lossPending = new HashSet<>();
  /** For (receiver, sender) pairs whose sender restarted at least once: the sender's incarnation last heard. */
  private final HashMap<Long, Integer> heardFromRestarted = new HashMap<>();
  private final Map<Hash, BroadcastStats> broadcasts = new LinkedHashMap<>();
  private final List<MessageObserver> observers = new ArrayList<>();
  private final long[] sentByKind = new long[Kind.values().length];

  private long now;
  private long seq;
  private long digest = 0x2545F4914F6CDD1DL;
  private long events;
  private long messagesSent;
  private long messagesLost;
  private long deliveries;
  private long duplicateDeliveries;
  private long rejections;
  private boolean partitioned;

  /** Message kinds, for counting. */
  public enum Kind {
    JOIN, FORWARD_JOIN, NEIGHBOR, NEIGHBOR_REPLY, DISCONNECT, SHUFFLE, SHUFFLE_REPLY,
    GOSSIP, IHAVE, GRAFT, PRUNE;

    static Kind of(GossipMessage message) {
      return switch (message) {
        case GossipMessage.Join m -> JOIN;
        case GossipMessage.ForwardJoin m -> FORWARD_JOIN;
        case GossipMessage.Neighbor m -> NEIGHBOR;
        case GossipMessage.NeighborReply m -> NEIGHBOR_REPLY;
        case GossipMessage.Disconnect m -> DISCONNECT;
        case GossipMessage.Shuffle m -> SHUFFLE;
        case GossipMessage.ShuffleReply m -> SHUFFLE_REPLY;
        case GossipMessage.Gossip m -> GOSSIP;
        case GossipMessage.IHave m -> IHAVE;
        case GossipMessage.Graft m -> GRAFT;
        case GossipMessage.Prune m -> PRUNE;
      };
    }
  }

  private Simulation(Builder builder) {
    this.seed = builder.seed;
    this.config = builder.config;
    this.latency = builder.latency == null
        ? LatencyModel.uniformPerLink(10, 100, builder.seed) : builder.latency;
    this.lossProbability = builder.lossProbability;
    this.failureDetectionMillis = builder.failureDetectionMillis;
    this.messageIds = builder.messageIds;
    this.random = new SplittableRandom(builder.seed);
  }

  /** A simulation whose every random choice follows from {@code seed}. */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  public long seed() {
    return seed;
  }

  public GossipConfig config() {
    return config;
  }

  /** Virtual time, in milliseconds since the start. */
  public long now() {
    return now;
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  /** Adds a live node that has joined nothing yet; returns its number. */
  public int addNode() {
    int node = nodes.size();
    byte[] key = new byte[PublicKey.LENGTH];
    SplittableRandom keyRandom = new SplittableRandom(seed ^ (0x51AB5EEDL * (node + 1)));
    keyRandom.nextBytes(key);
    // The node number in the first bytes keeps keys distinct whatever the random bytes are.
    key[0] = (byte) (node >>> 24);
    key[1] = (byte) (node >>> 16);
    key[2] = (byte) (node >>> 8);
    key[3] = (byte) node;
    PublicKey publicKey = new PublicKey(Bytes.of(key));
    keys.add(publicKey);
    indexOf.put(publicKey, node);
    if (node >= incarnation.length) {
      incarnation = Arrays.copyOf(incarnation, incarnation.length * 2);
      group = Arrays.copyOf(group, group.length * 2);
    }
    nodes.add(newNode(node));
    alive.set(node);
    return node;
  }

  /** Adds {@code count} nodes; returns the number of the first. */
  public int addNodes(int count) {
    int first = nodes.size();
    for (int i = 0; i < count; i++) {
      addNode();
    }
    return first;
  }

  private GossipNode newNode(int node) {
    return GossipNode.create(keys.get(node), config, random.split(), messageIds);
  }

  /** Nodes ever added, crashed ones included. */
  public int size() {
    return nodes.size();
  }

  public PublicKey key(int node) {
    return keys.get(node);
  }

  /** The number of the node with {@code key}, or -1. */
  public int indexOf(PublicKey key) {
    Integer node = indexOf.get(key);
    return node == null ? -1 : node;
  }

  /** The state machine of {@code node} (of its current incarnation), to inspect. */
  public GossipNode node(int node) {
    return nodes.get(node);
  }

  public boolean isAlive(int node) {
    return alive.get(node);
  }

  /** Live nodes. */
  public int aliveCount() {
    return alive.cardinality();
  }

  // ---------------------------------------------------------------------------------------------
  // Commands, taking effect now

  /** {@code node} joins {@code topic} through the given bootstrap nodes (none: it starts the topic). */
  public void join(int node, TopicId topic, int... bootstrap) {
    List<PublicKey> contacts = new ArrayList<>(bootstrap.length);
    for (int contact : bootstrap) {
      contacts.add(keys.get(contact));
    }
    input(node, new Input.JoinTopic(topic, contacts));
  }

  public void leave(int node, TopicId topic) {
    input(node, new Input.LeaveTopic(topic));
  }

  /** {@code node} publishes {@code payload}; a published message's figures are kept by id. */
  public PublishResult publish(int node, TopicId topic, Bytes payload) {
    requireAlive(node);
    PublishResult result = nodes.get(node).publish(now, topic, payload);
    if (result instanceof PublishResult.Published published) {
      broadcasts.putIfAbsent(published.id(), new BroadcastStats(published.id(), topic, node, now));
      digest = mix(digest, 7, node, published.id().hashCode());
      process(node, published.outputs());
    }
    return result;
  }

  /**
   * Crashes the given nodes at once: they stop, their state is gone, messages to them are dropped,
   * and their neighbours learn it after the failure detection delay.
   */
  public void crash(Collection<Integer> crashed) {
    BitSet down = new BitSet();
    for (int node : crashed) {
      if (alive.get(node)) {
        down.set(node);
        alive.clear(node);
        incarnation[node]++;
      }
    }
    if (down.isEmpty()) {
      return;
    }
    for (int node = alive.nextSetBit(0); node >= 0; node = alive.nextSetBit(node + 1)) {
      int watcher = node;
      GossipNode state = nodes.get(node);
      for (TopicId topic : state.topics()) {
        state.forEachNeighbor(topic, peer -> {
          int other = indexOf(peer);
          if (other >= 0 && down.get(other)) {
            scheduleLost(watcher, other);
          }
        });
      }
    }
  }

  public void crash(int... crashed) {
    List<Integer> list = new ArrayList<>(crashed.length);
    for (int node : crashed) {
      list.add(node);
    }
    crash(list);
  }

  /** Brings a crashed node back with a fresh state (it remembers nothing, and has joined nothing). */
  public void restart(int node) {
    if (alive.get(node)) {
      throw new IllegalStateException("node " + node + " is running");
    }
    incarnation[node]++;
    nodes.set(node, newNode(node));
    alive.set(node);
  }

  /**
   * Splits the network: nodes in different groups ({@code groupOf.applyAsInt(node)}) cannot reach each
   * other. Links that cross are reported lost to both ends after the failure detection delay.
   */
  public void partition(IntUnaryOperator groupOf) {
    for (int node = 0; node < nodes.size(); node++) {
      group[node] = groupOf.applyAsInt(node);
    }
    partitioned = true;
    for (int node = alive.nextSetBit(0); node >= 0; node = alive.nextSetBit(node + 1)) {
      int watcher = node;
      GossipNode state = nodes.get(node);
      for (TopicId topic : state.topics()) {
        state.forEachNeighbor(topic, peer -> {
          int other = indexOf(peer);
          if (other >= 0 && group[other] != group[watcher]) {
            scheduleLost(watcher, other);
          }
        });
      }
    }
  }

  /** Ends a partition: every node can reach every other again. */
  public void heal() {
    Arrays.fill(group, 0);
    partitioned = false;
  }

  /** Runs {@code action} at {@code now() + delayMillis}, between events. */
  public void schedule(long delayMillis, Runnable action) {
    Objects.requireNonNull(action, "action");
    enqueue(now + delayMillis, ACTION, -1, -1, 0, action);
  }

  /**
   * Churn: every {@code intervalMillis} until {@code untilMillis}, one random live member of
   * {@code topic} crashes and one crashed node restarts and joins {@code topic} through a random live
   * member, so the population stays about the same while its members change.
   */
  public void churn(TopicId topic, long intervalMillis, long untilMillis) {
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException("interval must be positive, got " + intervalMillis);
    }
    schedule(intervalMillis, () -> {
      if (now > untilMillis) {
        return;
      }
      int victim = randomAlive(topic);
      int restarted = randomDead();
      if (victim >= 0) {
        crash(victim);
      }
      if (restarted >= 0) {
        int contact = randomAlive(topic);
        restart(restarted);
        if (contact >= 0) {
          join(restarted, topic, contact);
        }
      }
      churn(topic, intervalMillis, untilMillis);
    });
  }

  /**
   * Lets nodes {@code first .. first + count - 1} join {@code topic} one after another,
   * {@code gapMillis} apart, each through a random node that joined before it (the first starts the
   * topic unless some earlier node already joined it). Runs the simulation while they do, and returns
   * with the last join just made.
   */
  public void joinOneByOne(TopicId topic, int first, int count, long gapMillis) {
    List<Integer> joined = new ArrayList<>();
    for (int node = 0; node < first; node++) {
      if (alive.get(node) && nodes.get(node).isJoined(topic)) {
        joined.add(node);
      }
    }
    for (int node = first; node < first + count; node++) {
      if (joined.isEmpty()) {
        join(node, topic);
      } else {
        join(node, topic, joined.get(random.nextInt(joined.size())));
      }
      joined.add(node);
      if (node + 1 < first + count) {
        runFor(gapMillis);
      }
    }
  }

  /** A random live node that joined {@code topic}, or -1. */
  public int randomAlive(TopicId topic) {
    int count = aliveCount();
    if (count == 0) {
      return -1;
    }
    for (int attempt = 0; attempt < 64; attempt++) {
      int node = nthAlive(random.nextInt(count));
      if (nodes.get(node).isJoined(topic)) {
        return node;
      }
    }
    for (int node = alive.nextSetBit(0); node >= 0; node = alive.nextSetBit(node + 1)) {
      if (nodes.get(node).isJoined(topic)) {
        return node;
      }
    }
    return -1;
  }

  private int randomDead() {
    int dead = nodes.size() - aliveCount();
    if (dead == 0) {
      return -1;
    }
    int skip = random.nextInt(dead);
    for (int node = alive.nextClearBit(0); node < nodes.size(); node = alive.nextClearBit(node + 1)) {
      if (skip-- == 0) {
        return node;
      }
    }
    return -1;
  }

  private int nthAlive(int n) {
    int node = alive.nextSetBit(0);
    for (int i = 0; i < n; i++) {
      node = alive.nextSetBit(node + 1);
    }
    return node;
  }

  /** The simulation's random source, for scenarios that want their choices in the same seed. */
  public SplittableRandom random() {
    return random;
  }

  /** Calls {@code observer} for every message sent from now on. */
  public void observe(MessageObserver observer) {
    observers.add(Objects.requireNonNull(observer, "observer"));
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /** Processes every event up to {@code now() + millis}, then sets the clock there. */
  public void runFor(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("cannot run backwards: " + millis);
    }
    long until = now + millis;
    while (!queue.isEmpty() && queue.peek().time <= until) {
      Event event = queue.poll();
      now = event.time;
      events++;
      dispatch(event);
    }
    now = until;
  }

  private void dispatch(Event event) {
    switch (event.kind) {
      case ARRIVAL -> {
        if (!alive.get(event.node) || incarnation[event.node] != event.incarnation) {
          return;
        }
        GossipMessage message = (GossipMessage) event.subject;
        if (incarnation[event.other] != 0) {
          heardFromRestarted.put(pair(event.node, event.other), incarnation[event.other]);
        }
        digest = mix(digest, 1, event.node, event.other * 31 + Kind.of(message).ordinal());
        process(event.node, nodes.get(event.node).handle(now, new Input.Received(keys.get(event.other), message)));
      }
      case TIMER -> {
        if (!alive.get(event.node) || incarnation[event.node] != event.incarnation) {
          return;
        }
        Timer timer = (Timer) event.subject;
        digest = mix(digest, 2, event.node, timer.getClass().getSimpleName().hashCode());
        process(event.node, nodes.get(event.node).handle(now, new Input.TimerFired(timer)));
      }
      case LOST -> {
        lossPending.remove(pair(event.node, event.other));
        if (!alive.get(event.node) || incarnation[event.node] != event.incarnation) {
          return;
        }
        int peerThen = (Integer) event.subject;
        Integer heard = heardFromRestarted.get(pair(event.node, event.other));
        if (incarnation[event.other] != peerThen && heard != null && heard == incarnation[event.other]) {
          // The peer restarted and already reached this node anew: that new connection replaced the one
          // that broke, so a transport would not report the peer lost.
          return;
        }
        digest = mix(digest, 3, event.node, event.other);
        process(event.node, nodes.get(event.node).handle(now, new Input.ConnectionLost(keys.get(event.other))));
      }
      case ACTION -> ((Runnable) event.subject).run();
      default -> throw new IllegalStateException("unknown event kind " + event.kind);
    }
  }

  private void input(int node, Input input) {
    requireAlive(node);
    process(node, nodes.get(node).handle(now, input));
  }

  private void process(int node, List<Output> outputs) {
    for (Output output : outputs) {
      switch (output) {
        case Output.Send send -> send(node, send.to(), send.message());
        case Output.Deliver deliver -> {
          deliveries++;
          digest = mix(digest, 4, node, deliver.id().hashCode());
          BroadcastStats stats = broadcasts.get(deliver.id());
          if (stats != null) {
            int before = stats.duplicateDeliveries();
            stats.recordDelivery(node, deliver.hops(), now);
            duplicateDeliveries += stats.duplicateDeliveries() - before;
          }
        }
        case Output.SetTimer timer ->
            enqueue(now + timer.delayMillis(), TIMER, node, -1, incarnation[node], timer.timer());
        case Output.NeighborUp up -> { }
        case Output.NeighborDown down -> { }
        case Output.Rejected rejected -> rejections++;
      }
    }
  }

  private void send(int from, PublicKey toKey, GossipMessage message) {
    Integer boxed = indexOf.get(toKey);
    int to = boxed == null ? -1 : boxed;
    messagesSent++;
    sentByKind[Kind.of(message).ordinal()]++;
    if (message instanceof GossipMessage.Gossip gossip) {
      BroadcastStats stats = broadcasts.get(gossip.id());
      if (stats != null) {
        stats.recordPayloadFrame();
      }
    }
    for (MessageObserver observer : observers) {
      observer.sent(now, from, to, message);
    }
    if (to < 0 || !alive.get(to) || (partitioned && group[from] != group[to])) {
      messagesLost++;
      if (to >= 0) {
        scheduleLost(from, to);
      } else {
        // A key no node has: the connect fails like one to a dead node.
        enqueueUnknownPeerLost(from, toKey);
      }
      return;
    }
    if (lossProbability > 0 && random.nextDouble() < lossProbability) {
      messagesLost++;
      return;
    }
    enqueue(now + latency.millis(from, to), ARRIVAL, to, from, incarnation[to], message);
  }

  private void enqueueUnknownPeerLost(int from, PublicKey peer) {
    int at = incarnation[from];
    schedule(failureDetectionMillis, () -> {
      if (alive.get(from) && incarnation[from] == at) {
        process(from, nodes.get(from).handle(now, new Input.ConnectionLost(peer)));
      }
    });
  }

  private void scheduleLost(int watcher, int peer) {
    if (lossPending.add(pair(watcher, peer))) {
      enqueue(now + failureDetectionMillis, LOST, watcher, peer, incarnation[watcher], incarnation[peer]);
    }
  }

  private void enqueue(long time, int kind, int node, int other, int incarnationAtSend, Object subject) {
    queue.add(new Event(time, seq++, kind, node, other, incarnationAtSend, subject));
  }

  private void requireAlive(int node) {
    if (!alive.get(node)) {
      throw new IllegalStateException("node " + node + " is down");
    }
  }

  private static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  private static long mix(long digest, int kind, int node, long value) {
    long z = digest * 0x9E3779B97F4A7C15L + ((long) kind << 56 ^ (long) node << 24 ^ value);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---------------------------------------------------------------------------------------------
  // Observation

  /** The figures of a published message, if it was published in this simulation. */
  public BroadcastStats broadcast(Hash id) {
    BroadcastStats stats = broadcasts.get(id);
    if (stats == null) {
      throw new IllegalArgumentException("no message " + id + " was published in this simulation");
    }
    return stats;
  }

  /** Every published message's figures, in publication order. */
  public Collection<BroadcastStats> broadcasts() {
    return Collections.unmodifiableCollection(broadcasts.values());
  }

  /**
   * A fingerprint of everything that happened so far (each event's time, kind, node and subject):
   * equal for two runs exactly when they took the same course, as far as a 64-bit hash can tell.
   */
  public long traceDigest() {
    return mix(digest, 0, (int) events, now);
  }

  public long eventsProcessed() {
    return events;
  }

  public long messagesSent() {
    return messagesSent;
  }

  public long messagesSent(Kind kind) {
    return sentByKind[kind.ordinal()];
  }

  /** Messages dropped by loss, crashes or partitions. */
  public long messagesLost() {
    return messagesLost;
  }

  /** Payload deliveries to applications, on all nodes. */
  public long deliveries() {
    return deliveries;
  }

  /** Deliveries of a message to a node that had already delivered it: 0 unless deduplication failed. */
  public long duplicateDeliveries() {
    return duplicateDeliveries;
  }

  /** {@link Output.Rejected} outputs: 0 unless some node misbehaved (none do, here). */
  public long rejections() {
    return rejections;
  }

  /** Builds a {@link Simulation}. */
  public static final class Builder {
    private final long seed;
    private GossipConfig config = GossipConfig.defaults();
    private LatencyModel latency;
    private double lossProbability;
    private long failureDetectionMillis = 2_000;
    private MessageIds messageIds = MessageIds.blake3();

    private Builder(long seed) {
      this.seed = seed;
    }

    /** Every node's gossip parameters (default {@link GossipConfig#defaults()}). */
    public Builder config(GossipConfig value) {
      config = Objects.requireNonNull(value, "config");
      return this;
    }

    /** Link latencies (default: uniform per link in [10, 100] ms, salted with the seed). */
    public Builder latency(LatencyModel value) {
      latency = Objects.requireNonNull(value, "latency");
      return this;
    }

    /** The probability that any one message is lost (default 0). */
    public Builder lossProbability(double value) {
      if (!(value >= 0 && value < 1)) {
        throw new IllegalArgumentException("loss probability must be in [0, 1), got " + value);
      }
      lossProbability = value;
      return this;
    }

    /** How long a transport takes to notice a dead or unreachable peer (default 2,000 ms). */
    public Builder failureDetectionMillis(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("failure detection must take some time, got " + value);
      }
      failureDetectionMillis = value;
      return this;
    }

    /** How message ids follow from payloads (default BLAKE3). */
    public Builder messageIds(MessageIds value) {
      messageIds = Objects.requireNonNull(value, "messageIds");
      return this;
    }

    public Simulation build() {
      return new Simulation(this);
    }
  }
}

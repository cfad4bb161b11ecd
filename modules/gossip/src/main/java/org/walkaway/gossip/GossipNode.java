package org.walkaway.gossip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.gossip.internal.TopicState;

/**
 * One peer's gossip: HyParView membership and PlumTree broadcast for every topic it joined, as a pure
 * state machine. Inputs go in ({@link #handle}, {@link #publish}), outputs come out: messages to
 * send, payloads to deliver, timers to set. It never touches a socket, a thread or a clock, so the
 * same code runs under a real transport and under the {@link org.walkaway.gossip.sim.Simulation}.
 *
 * <pre>
 *             ┌──────────────────────────── GossipNode ────────────────────────────┐
 *  Input ───▶ │ topic A: HyParView (active 5 / passive 30) ──▶ PlumTree (eager/lazy)│ ───▶ List&lt;Output&gt;
 *  (message,  │ topic B: HyParView ─────────────────────────▶ PlumTree             │     (Send, Deliver,
 *   timer,    └─────────────────────────────────────────────────────────────────────┘      SetTimer, ...)
 *   command, now)
 * </pre>
 *
 * <p>The embedding carries out the outputs in order: it sends each {@link Output.Send} over a
 * connection to the peer (opening one if needed, and reporting {@link Input.ConnectionLost} if that
 * fails or the connection later breaks), hands each {@link Output.Deliver} to the application, and
 * returns each {@link Output.SetTimer}'s timer after its delay. Every call says what time it is, in
 * milliseconds of any monotonic clock; randomness comes from the generator given at creation, so a
 * seeded generator makes a run reproducible.
 *
 * <p>Not thread-safe: call it from one thread, or under one lock.
 */
public final class GossipNode {
  private final PublicKey self;
  private final GossipConfig config;
  private final RandomGenerator random;
  private final MessageIds ids;
  private final Map<TopicId, TopicState> topics = new LinkedHashMap<>();
  private long nextEpoch;
  private long now = Long.MIN_VALUE;

  private GossipNode(PublicKey self, GossipConfig config, RandomGenerator random, MessageIds ids) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.random = Objects.requireNonNull(random, "random");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** A node for peer {@code self}, with BLAKE3 message ids. */
  public static GossipNode create(PublicKey self, GossipConfig config, RandomGenerator random) {
    return new GossipNode(self, config, random, MessageIds.blake3());
  }

  /** A node for peer {@code self}, with message ids computed by {@code ids}. */
  public static GossipNode create(PublicKey self, GossipConfig config, RandomGenerator random, MessageIds ids) {
    return new GossipNode(self, config, random, ids);
  }

  public PublicKey self() {
    return self;
  }

  public GossipConfig config() {
    return config;
  }

  /**
   * Handles one input at time {@code nowMillis} and returns what to do about it, in order.
   *
   * @throws IllegalArgumentException if {@code nowMillis} is earlier than the time of an earlier call
   */
  public List<Output> handle(long nowMillis, Input input) {
    Objects.requireNonNull(input, "input");
    advance(nowMillis);
    List<Output> out = new ArrayList<>();
    switch (input) {
      case Input.JoinTopic join -> join(join.topic(), join.bootstrap(), out);
      case Input.LeaveTopic leave -> leave(leave.topic(), out);
      case Input.Received received -> receive(received.from(), received.message(), out);
      case Input.ConnectionLost lost -> {
        for (TopicState state : List.copyOf(topics.values())) {
          state.membership().onConnectionLost(lost.peer(), out);
        }
      }
      case Input.TimerFired fired -> {
        Timer timer = fired.timer();
        TopicState state = topics.get(timer.topic());
        if (state != null && state.epoch() == timer.epoch()) {
          state.onTimer(timer, out);
        }
      }
    }
    return out;
  }

  /**
   * Publishes {@code payload} to {@code topic}'s peers. Refused, with nothing sent, when the payload is
   * larger than {@link BroadcastConfig#maxPayloadBytes()}, the topic is not joined, or the same message
   * was already seen. The publisher gets no {@link Output.Deliver} for its own message.
   */
  public PublishResult publish(long nowMillis, TopicId topic, Bytes payload) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    advance(nowMillis);
    int limit = config.broadcast().maxPayloadBytes();
    if (payload.length() > limit) {
      return new PublishResult.Refused(new PublishError(PublishError.Reason.PAYLOAD_TOO_LARGE,
          "payload of " + payload.length() + " bytes, the limit is " + limit));
    }
    TopicState state = topics.get(topic);
    if (state == null) {
      return new PublishResult.Refused(new PublishError(PublishError.Reason.NOT_JOINED,
          "topic " + topic + " is not joined"));
    }
    Hash id = ids.idOf(payload);
    if (state.broadcast().hasSeen(id)) {
      return new PublishResult.Refused(new PublishError(PublishError.Reason.DUPLICATE,
          "message " + id + " was already seen in topic " + topic));
    }
    List<Output> out = new ArrayList<>();
    state.broadcast().publish(id, payload, out);
    return new PublishResult.Published(id, out);
  }

  /** The topics joined, in the order they were joined. */
  public Set<TopicId> topics() {
    // Not Set.copyOf: its iteration order changes from one JVM run to the next.
    return Collections.unmodifiableSet(new LinkedHashSet<>(topics.keySet()));
  }

  public boolean isJoined(TopicId topic) {
    return topics.containsKey(topic);
  }

  /** {@code topic}'s neighbours (HyParView's active view); empty if not joined. */
  public List<PublicKey> activeView(TopicId topic) {
    TopicState state = topics.get(topic);
    return state == null ? List.of() : List.copyOf(state.membership().active());
  }

  /** {@code topic}'s spare peers (HyParView's passive view); empty if not joined. */
  public List<PublicKey> passiveView(TopicId topic) {
    TopicState state = topics.get(topic);
    return state == null ? List.of() : List.copyOf(state.membership().passive());
  }

  /** The neighbours that get {@code topic}'s payloads (the broadcast tree's links here). */
  public List<PublicKey> eagerPeers(TopicId topic) {
    TopicState state = topics.get(topic);
    return state == null ? List.of() : List.copyOf(state.broadcast().eager());
  }

  /** The neighbours that get only {@code topic}'s message ids. */
  public List<PublicKey> lazyPeers(TopicId topic) {
    TopicState state = topics.get(topic);
    return state == null ? List.of() : List.copyOf(state.broadcast().lazy());
  }

  /**
   * Whether {@code peer} is in {@code topic}'s active view, without copying it (for simulators that
   * check every node's views).
   */
  public boolean isNeighbor(TopicId topic, PublicKey peer) {
    TopicState state = topics.get(topic);
    return state != null && state.membership().isActive(peer);
  }

  /** Calls {@code action} for each of {@code topic}'s neighbours, without copying the view. */
  public void forEachNeighbor(TopicId topic, Consumer<PublicKey> action) {
    TopicState state = topics.get(topic);
    if (state != null) {
      state.membership().active().forEach(action);
    }
  }

  private void advance(long nowMillis) {
    if (nowMillis < now) {
      throw new IllegalArgumentException("time went backwards: " + nowMillis + " after " + now);
    }
    now = nowMillis;
    for (TopicState state : topics.values()) {
      state.setNow(nowMillis);
    }
  }

  private void join(TopicId topic, List<PublicKey> bootstrap, List<Output> out) {
    TopicState state = topics.get(topic);
    if (state != null) {
      state.membership().addContacts(bootstrap, out);
      return;
    }
    state = new TopicState(topic, nextEpoch++, self, config, random, ids);
    state.setNow(now);
    topics.put(topic, state);
    state.membership().start(bootstrap, out);
  }

  private void leave(TopicId topic, List<Output> out) {
    TopicState state = topics.remove(topic);
    if (state != null) {
      state.membership().leave(out);
    }
  }

  private void receive(PublicKey from, GossipMessage message, List<Output> out) {
    if (from.equals(self)) {
      out.add(new Output.Rejected(from, Rejection.of(Rejection.Reason.REFUSED,
          "a message claims to come from this node itself")));
      return;
    }
    TopicState state = topics.get(message.topic());
    if (state == null) {
      // Not (or no longer) a member: tell the sender to drop us, unless that is what it already did.
      boolean isGoodbye = message instanceof GossipMessage.Disconnect
          || message instanceof GossipMessage.NeighborReply reply && !reply.accepted();
      if (!isGoodbye) {
        out.add(new Output.Send(from, new GossipMessage.Disconnect(message.topic(), false)));
      }
      return;
    }
    state.onMessage(from, message, out);
  }
}

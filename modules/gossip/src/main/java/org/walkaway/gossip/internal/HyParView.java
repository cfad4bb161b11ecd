package org.walkaway.gossip.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.walkaway.core.PublicKey;
import org.walkaway.gossip.GossipMessage;
import org.walkaway.gossip.GossipMessage.Disconnect;
import org.walkaway.gossip.GossipMessage.ForwardJoin;
import org.walkaway.gossip.GossipMessage.Join;
import org.walkaway.gossip.GossipMessage.Neighbor;
import org.walkaway.gossip.GossipMessage.NeighborReply;
import org.walkaway.gossip.GossipMessage.Priority;
import org.walkaway.gossip.GossipMessage.Shuffle;
import org.walkaway.gossip.GossipMessage.ShuffleReply;
import org.walkaway.gossip.MembershipConfig;
import org.walkaway.gossip.Output;
import org.walkaway.gossip.Timer;
import org.walkaway.gossip.TopicId;

/**
 * HyParView (Leitão, Pereira, Rodrigues, DSN 2007) for one topic: who this peer's neighbours are.
 *
 * <pre>
 *              Join                        ForwardJoin(ttl = ARWL) random walks
 *   joiner ───────────▶ contact ──┬──────────▶ n1 ──▶ …  ttl = PRWL: keep joiner in passive view
 *      ▲                          │                      ttl = 0:    make joiner a neighbour
 *      └── Neighbor(HIGH) ────────┘ (and every walk's end does the same)
 *
 *   active view  (5)  ◀── promote on failure: Neighbor(HIGH if alone, else LOW) ──  passive view (30)
 *                     ──  evicted when full: Disconnect(alive) ───────────────────▶
 *   every shuffle interval: Shuffle(self + 3 active + 4 passive) walks 6 hops; its end replies
 *   with as many passive peers; both sides merge into their passive views.
 * </pre>
 *
 * <p>The active view is symmetric: whoever adds a peer on its own initiative (a contact receiving a
 * {@code Join}, the end of a forward-join walk) sends it {@code Neighbor(HIGH)}, which is never
 * refused; a peer filling a free slot sends {@code Neighbor(LOW)} and adds the other only once it
 * accepts. Whoever drops a neighbour tells it with {@code Disconnect}. The transport's connection
 * loss is the failure detector: a lost neighbour is replaced from the passive view at once.
 *
 * <p>Additions to the paper, all idle in a stable overlay:
 *
 * <ul>
 *   <li>A peer whose views are both empty joins again through its bootstrap contacts, with backoff;
 *       so does a peer holding at most half its slots whose passive peers all refuse (at most once
 *       per shuffle interval), and a peer whose {@code Join} nobody answered. Without these, a peer
 *       cut off while newcomers joined through it grows an island of later joiners.</li>
 *   <li>A peer remembers the neighbours it lost to a connection failure and probes each with a
 *       {@code Join} a few times, backing off: when a partition heals, the first probe that gets
 *       through merges the two halves, which otherwise would each keep a full, healthy active view
 *       and never look across.</li>
 *   <li>A neighbour-only message from a peer that is not a neighbour is answered with
 *       {@code Disconnect(alive)} ({@link #notNeighbors}), so that a lost or crossed
 *       {@code Disconnect} cannot leave a one-sided link for good.</li>
 * </ul>
 *
 * <p>Not thread-safe; {@link TopicState} drives it from one thread.
 */
public final class HyParView {

  /** Told when a peer enters or leaves the active view. */
  public interface Listener {
    void neighborUp(PublicKey peer, List<Output> out);

    void neighborDown(PublicKey peer, List<Output> out);
  }

  private static final class LostPeer {
    final PublicKey peer;
    int attempts;
    long dueAt;

    LostPeer(PublicKey peer, long dueAt) {
      this.peer = peer;
      this.dueAt = dueAt;
    }
  }

  private final TopicId topic;
  private final long epoch;
  private final PublicKey self;
  private final MembershipConfig config;
  private final RandomGenerator random;
  private final Listener listener;

  private final ArrayList<PublicKey> active = new ArrayList<>();
  private final ArrayList<PublicKey> passive = new ArrayList<>();
  /** Neighbour requests in flight, by peer, with the id their timeout timer carries. */
  private final Map<PublicKey, Long> pending = new HashMap<>();
  /** Peers that refused a LOW request since the last shuffle: not asked again until then. */
  private final HashSet<PublicKey> refused = new HashSet<>();
  private final ArrayList<PublicKey> contacts = new ArrayList<>();
  private final ArrayList<LostPeer> lost = new ArrayList<>();
  private List<PublicKey> lastShuffleSample = List.of();
  private long nextRequest;
  private long joinAttempt;
  private long nextStarvedJoin;
  private boolean joining;
  private long now;

  public HyParView(TopicId topic, long epoch, PublicKey self, MembershipConfig config,
      RandomGenerator random, Listener listener) {
    this.topic = topic;
    this.epoch = epoch;
    this.self = self;
    this.config = config;
    this.random = random;
    this.listener = listener;
  }

  public void setNow(long now) {
    this.now = now;
  }

  public List<PublicKey> active() {
    return active;
  }

  public List<PublicKey> passive() {
    return passive;
  }

  public boolean isActive(PublicKey peer) {
    return active.contains(peer);
  }

  /** Starts the topic: arms the shuffle timer and, with contacts, joins through one of them. */
  public void start(List<PublicKey> bootstrap, List<Output> out) {
    out.add(new Output.SetTimer(jittered(config.shuffleIntervalMillis()), new Timer.Shuffle(topic, epoch)));
    addContacts(bootstrap, out);
  }

  /** More contacts for a topic already joined: used when the views run empty. */
  public void addContacts(List<PublicKey> bootstrap, List<Output> out) {
    for (PublicKey contact : bootstrap) {
      if (!contact.equals(self) && !contacts.contains(contact)) {
        contacts.add(contact);
      }
    }
    if (active.size() + pending.size() < config.activeViewCapacity() && !joining) {
      if (active.isEmpty() && pending.isEmpty()) {
        joinNext(out);
      } else if (active.size() + pending.size() <= config.activeViewCapacity() / 2 && now >= nextStarvedJoin) {
        // Starved: at most half the slots taken, and every passive peer refused (their views are full)
        // or is gone. A peer evicted by all its old neighbours while newcomers joined through it would
        // otherwise grow an island of later joiners; a Join through a contact is never refused. Only
        // this far below capacity, because the Join evicts someone at the contact: a peer one short of
        // a full view is normal and must not churn the overlay. At most once per shuffle interval.
        nextStarvedJoin = now + config.shuffleIntervalMillis();
        joinNext(out);
      }
    }
  }

  /** Leaves the topic: every neighbour is told, and everything is forgotten. */
  public void leave(List<Output> out) {
    for (PublicKey peer : List.copyOf(active)) {
      active.remove(peer);
      out.add(new Output.Send(peer, new Disconnect(topic, false)));
      listener.neighborDown(peer, out);
    }
    passive.clear();
    pending.clear();
    lost.clear();
    contacts.clear();
    joining = false;
  }

  public void onMessage(PublicKey from, GossipMessage.Membership message, List<Output> out) {
    if (from.equals(self)) {
      return;
    }
    if (message instanceof ForwardJoin || message instanceof Shuffle) {
      // Only neighbours send these.
      notNeighbors(from, out);
    }
    switch (message) {
      case Join join -> onJoin(from, out);
      case ForwardJoin forward -> onForwardJoin(from, forward.joiner(), forward.ttl(), out);
      case Neighbor neighbor -> onNeighbor(from, neighbor.priority(), out);
      case NeighborReply reply -> onNeighborReply(from, reply.accepted(), out);
      case Disconnect disconnect -> onDisconnect(from, disconnect.alive(), out);
      case Shuffle shuffle -> onShuffle(from, shuffle, out);
      case ShuffleReply reply -> integrate(capped(reply.peers()), lastShuffleSample);
    }
  }

  private void onJoin(PublicKey joiner, List<Output> out) {
    boolean added = addActive(joiner, out);
    // Always confirm, so that a joiner who lost us (and probes us with a Join) adds us back.
    out.add(new Output.Send(joiner, new Neighbor(topic, Priority.HIGH)));
    if (added) {
      for (PublicKey peer : active) {
        if (!peer.equals(joiner)) {
          out.add(new Output.Send(peer, new ForwardJoin(topic, joiner, config.activeRandomWalkLength())));
        }
      }
    }
  }

  private void onForwardJoin(PublicKey from, PublicKey joiner, int ttl, List<Output> out) {
    if (joiner.equals(self) || active.contains(joiner)) {
      return;
    }
    int remaining = Math.min(ttl, config.activeRandomWalkLength());
    if (remaining == 0 || active.size() <= 1) {
      adopt(joiner, out);
      return;
    }
    if (remaining == config.passiveRandomWalkLength()) {
      addPassive(joiner);
    }
    PublicKey next = randomActiveExcept(from, joiner);
    if (next == null) {
      adopt(joiner, out);
    } else {
      out.add(new Output.Send(next, new ForwardJoin(topic, joiner, remaining - 1)));
    }
  }

  /** Makes {@code peer} a neighbour on this peer's initiative, and tells it so. */
  private void adopt(PublicKey peer, List<Output> out) {
    if (addActive(peer, out)) {
      out.add(new Output.Send(peer, new Neighbor(topic, Priority.HIGH)));
    }
  }

  private void onNeighbor(PublicKey from, Priority priority, List<Output> out) {
    if (priority == Priority.HIGH) {
      // Our Join arrived: the contact, or a peer its forward-join walks reached, adopted us.
      joining = false;
    }
    if (active.contains(from)) {
      out.add(new Output.Send(from, new NeighborReply(topic, true)));
      return;
    }
    if (priority == Priority.HIGH || active.size() < config.activeViewCapacity()) {
      // Crossing requests: the other side asked us too; its answer no longer matters.
      pending.remove(from);
      addActive(from, out);
      out.add(new Output.Send(from, new NeighborReply(topic, true)));
    } else {
      out.add(new Output.Send(from, new NeighborReply(topic, false)));
    }
  }

  private void onNeighborReply(PublicKey from, boolean accepted, List<Output> out) {
    boolean requested = pending.remove(from) != null;
    if (accepted) {
      if (active.contains(from)) {
        return;
      }
      if (requested && active.size() < config.activeViewCapacity()) {
        addActive(from, out);
      } else {
        // It took us as a neighbour, but we did not ask (any more) or have no room: undo it.
        out.add(new Output.Send(from, new Disconnect(topic, true)));
        addPassive(from);
      }
    } else if (!active.contains(from)) {
      // (If it is a neighbour, it asked us while we asked it, and we accepted: its own request stands.)
      refused.add(from);
      fillActive(out);
    }
  }

  private void onDisconnect(PublicKey from, boolean alive, List<Output> out) {
    pending.remove(from);
    removeActive(from, out);
    if (alive) {
      addPassive(from);
    } else {
      passive.remove(from);
      forgetLost(from);
    }
    fillActive(out);
  }

  private void onShuffle(PublicKey from, Shuffle shuffle, List<Output> out) {
    PublicKey origin = shuffle.origin();
    List<PublicKey> peers = capped(shuffle.peers());
    if (origin.equals(self)) {
      return;
    }
    int remaining = Math.min(shuffle.ttl(), config.shuffleRandomWalkLength()) - 1;
    if (remaining > 0 && active.size() > 1) {
      PublicKey next = randomActiveExcept(from, origin);
      if (next != null) {
        out.add(new Output.Send(next, new Shuffle(topic, origin, remaining, peers)));
        return;
      }
    }
    List<PublicKey> reply = sample(passive, peers.size(), origin);
    out.add(new Output.Send(origin, new ShuffleReply(topic, reply)));
    integrate(peers, reply);
  }

  /**
   * A peer that is not a neighbour sent what only a neighbour sends: it still counts us as one (its
   * {@code Disconnect} or ours got lost, or crossed another message). Tell it we are not, or the link
   * would stay one-sided for good.
   */
  public void notNeighbors(PublicKey from, List<Output> out) {
    if (!active.contains(from) && !pending.containsKey(from)) {
      out.add(new Output.Send(from, new Disconnect(topic, true)));
    }
  }

  /** The transport lost {@code peer}: drop it everywhere and replace it if it was a neighbour. */
  public void onConnectionLost(PublicKey peer, List<Output> out) {
    boolean wasActive = removeActive(peer, out);
    passive.remove(peer);
    pending.remove(peer);
    if (wasActive) {
      rememberLost(peer);
    }
    fillActive(out);
  }

  public void onShuffleTimer(List<Output> out) {
    out.add(new Output.SetTimer(jittered(config.shuffleIntervalMillis()), new Timer.Shuffle(topic, epoch)));
    refused.clear();
    probeLostPeers(out);
    fillActive(out);
    if (active.isEmpty()) {
      return;
    }
    List<PublicKey> sample = new ArrayList<>(config.shuffleSize());
    sample.addAll(sample(active, config.shuffleActiveCount(), null));
    sample.addAll(sample(passive, config.shufflePassiveCount(), null));
    lastShuffleSample = List.copyOf(sample);
    sample.addFirst(self);
    PublicKey target = active.get(random.nextInt(active.size()));
    out.add(new Output.Send(target, new Shuffle(topic, self, config.shuffleRandomWalkLength(), sample)));
  }

  public void onNeighborTimeout(PublicKey peer, long request, List<Output> out) {
    Long current = pending.get(peer);
    if (current != null && current == request) {
      pending.remove(peer);
      passive.remove(peer);
      fillActive(out);
    }
  }

  /**
   * No one adopted us since our last {@code Join}: it (or its answer) got lost, or the contact is
   * gone. Try the next contact, even if peers that joined through us made our active view non-empty
   * (else a lost Join leaves an island of newcomers); once we have neighbours, give up after three
   * rounds of contacts.
   */
  public void onJoinTimeout(long attempt, List<Output> out) {
    if (attempt != joinAttempt || !joining) {
      return;
    }
    joining = false;
    if (active.isEmpty() && pending.isEmpty()) {
      fillActive(out);
    } else if (joinAttempt < 3L * contacts.size()) {
      joinNext(out);
    }
  }

  /** Asks passive peers to fill the free slots of the active view; joins again if there are none. */
  private void fillActive(List<Output> out) {
    while (active.size() + pending.size() < config.activeViewCapacity()) {
      PublicKey candidate = randomPassiveCandidate();
      if (candidate == null) {
        break;
      }
      Priority priority = active.isEmpty() && pending.isEmpty() ? Priority.HIGH : Priority.LOW;
      long request = ++nextRequest;
      pending.put(candidate, request);
      out.add(new Output.Send(candidate, new Neighbor(topic, priority)));
      out.add(new Output.SetTimer(config.neighborRequestTimeoutMillis(),
          new Timer.NeighborTimeout(topic, epoch, candidate, request)));
    }
    if (active.size() + pending.size() < config.activeViewCapacity() && !joining) {
      if (active.isEmpty() && pending.isEmpty()) {
        joinNext(out);
      } else if (active.size() + pending.size() <= config.activeViewCapacity() / 2 && now >= nextStarvedJoin) {
        // Starved: at most half the slots taken, and every passive peer refused (their views are full)
        // or is gone. A peer evicted by all its old neighbours while newcomers joined through it would
        // otherwise grow an island of later joiners; a Join through a contact is never refused. Only
        // this far below capacity, because the Join evicts someone at the contact: a peer one short of
        // a full view is normal and must not churn the overlay. At most once per shuffle interval.
        nextStarvedJoin = now + config.shuffleIntervalMillis();
        joinNext(out);
      }
    }
  }

  /** Sends a {@code Join} to the next contact, with a timeout that backs off as rounds fail. */
  private void joinNext(List<Output> out) {
    if (contacts.isEmpty()) {
      return;
    }
    PublicKey contact = contacts.get((int) (joinAttempt % contacts.size()));
    long rounds = joinAttempt / contacts.size();
    joinAttempt++;
    joining = true;
    out.add(new Output.Send(contact, new Join(topic)));
    long timeout = config.joinTimeoutMillis() << Math.min(rounds, 5);
    out.add(new Output.SetTimer(timeout, new Timer.JoinTimeout(topic, epoch, joinAttempt)));
  }

  private void rememberLost(PublicKey peer) {
    if (config.lostPeerCapacity() == 0 || config.lostPeerRetries() == 0) {
      return;
    }
    forgetLost(peer);
    if (lost.size() >= config.lostPeerCapacity()) {
      lost.removeFirst();
    }
    lost.add(new LostPeer(peer, now + config.lostPeerRetryMillis()));
  }

  private void forgetLost(PublicKey peer) {
    lost.removeIf(entry -> entry.peer.equals(peer));
  }

  private void probeLostPeers(List<Output> out) {
    Iterator<LostPeer> entries = lost.iterator();
    while (entries.hasNext()) {
      LostPeer entry = entries.next();
      if (active.contains(entry.peer)) {
        entries.remove();
        continue;
      }
      if (entry.dueAt > now) {
        continue;
      }
      out.add(new Output.Send(entry.peer, new Join(topic)));
      entry.attempts++;
      if (entry.attempts >= config.lostPeerRetries()) {
        entries.remove();
      } else {
        entry.dueAt = now + (config.lostPeerRetryMillis() << Math.min(entry.attempts, 20));
      }
    }
  }

  /** Adds {@code peer} to the active view, evicting a random neighbour if it is full. */
  private boolean addActive(PublicKey peer, List<Output> out) {
    if (peer.equals(self) || active.contains(peer)) {
      return false;
    }
    passive.remove(peer);
    if (active.size() >= config.activeViewCapacity()) {
      PublicKey evicted = active.remove(random.nextInt(active.size()));
      out.add(new Output.Send(evicted, new Disconnect(topic, true)));
      listener.neighborDown(evicted, out);
      addPassive(evicted);
    }
    active.add(peer);
    forgetLost(peer);
    listener.neighborUp(peer, out);
    return true;
  }

  private boolean removeActive(PublicKey peer, List<Output> out) {
    if (active.remove(peer)) {
      listener.neighborDown(peer, out);
      return true;
    }
    return false;
  }

  private void addPassive(PublicKey peer) {
    if (config.passiveViewCapacity() == 0 || peer.equals(self) || active.contains(peer)
        || passive.contains(peer)) {
      return;
    }
    if (passive.size() >= config.passiveViewCapacity()) {
      removePassiveVictim(List.of());
    }
    passive.add(peer);
  }

  /** Merges a shuffle's peers into the passive view, evicting first the peers we sent away. */
  private void integrate(List<PublicKey> incoming, List<PublicKey> sentAway) {
    if (config.passiveViewCapacity() == 0) {
      return;
    }
    List<PublicKey> evictFirst = new ArrayList<>(sentAway);
    for (PublicKey peer : incoming) {
      if (peer.equals(self) || active.contains(peer) || passive.contains(peer)) {
        continue;
      }
      if (passive.size() >= config.passiveViewCapacity()) {
        removePassiveVictim(evictFirst);
      }
      passive.add(peer);
    }
  }

  private void removePassiveVictim(List<PublicKey> preferred) {
    while (!preferred.isEmpty()) {
      PublicKey candidate = preferred.removeLast();
      if (!pending.containsKey(candidate) && passive.remove(candidate)) {
        return;
      }
    }
    passive.remove(random.nextInt(passive.size()));
  }

  private PublicKey randomPassiveCandidate() {
    int size = passive.size();
    if (size == 0) {
      return null;
    }
    int start = random.nextInt(size);
    for (int i = 0; i < size; i++) {
      PublicKey candidate = passive.get((start + i) % size);
      if (!pending.containsKey(candidate) && !refused.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private PublicKey randomActiveExcept(PublicKey first, PublicKey second) {
    int size = active.size();
    if (size == 0) {
      return null;
    }
    int start = random.nextInt(size);
    for (int i = 0; i < size; i++) {
      PublicKey candidate = active.get((start + i) % size);
      if (!candidate.equals(first) && !candidate.equals(second)) {
        return candidate;
      }
    }
    return null;
  }

  /** Up to {@code count} distinct random peers of {@code from}, leaving out {@code excluded}. */
  private List<PublicKey> sample(List<PublicKey> from, int count, PublicKey excluded) {
    List<PublicKey> pool = new ArrayList<>(from);
    if (excluded != null) {
      pool.remove(excluded);
    }
    int take = Math.min(count, pool.size());
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(pool.size() - i);
      PublicKey swap = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, swap);
    }
    return List.copyOf(pool.subList(0, take));
  }

  /** A peer's shuffle cannot push more than a well-behaved shuffle carries. */
  private List<PublicKey> capped(List<PublicKey> peers) {
    int limit = config.shuffleSize();
    return peers.size() <= limit ? peers : peers.subList(0, limit);
  }

  private long jittered(long interval) {
    return interval / 2 + random.nextLong(interval);
  }
}

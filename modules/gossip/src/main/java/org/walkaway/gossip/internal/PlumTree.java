package org.walkaway.gossip.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.gossip.BroadcastConfig;
import org.walkaway.gossip.GossipMessage;
import org.walkaway.gossip.GossipMessage.Announcement;
import org.walkaway.gossip.GossipMessage.Gossip;
import org.walkaway.gossip.GossipMessage.Graft;
import org.walkaway.gossip.GossipMessage.IHave;
import org.walkaway.gossip.GossipMessage.Prune;
import org.walkaway.gossip.MessageIds;
import org.walkaway.gossip.Output;
import org.walkaway.gossip.Timer;
import org.walkaway.gossip.TopicId;

/**
 * PlumTree (Leitão, Pereira, Rodrigues, "Epidemic Broadcast Trees", SRDS 2007) for one topic: a
 * spanning tree embedded in the HyParView overlay carries payloads; the other overlay links carry
 * only message ids, and repair the tree when it breaks.
 *
 * <pre>
 *   every neighbour starts eager ──── duplicate payload received over it ──▶ lazy  (Prune sent)
 *        ▲                                                                     │
 *        └──── Graft (a missing message, or a shorter path) ◀──────────────────┘
 *
 *   new payload:  deliver; Gossip(id, hops + 1) to eager peers; IHave(id, hops) to lazy peers
 *   IHave for an unseen id: timer (timeout 1); on expiry Graft(id) to the first announcer,
 *   then the next announcer after timeout 2, until the payload arrives.
 * </pre>
 *
 * <p>Once duplicates have pruned the tree, a broadcast costs one payload per peer (relative message
 * redundancy 0) plus a few ids per overlay link. A neighbour that fails takes its subtree off the tree
 * only until the lazy links' announcements time out and graft it back.
 *
 * <p>Additions to the paper: message ids are recomputed from the payload ({@link MessageIds}) before
 * a new payload is believed; payloads over the size limit are rejected, not dropped; and a new
 * neighbour is told the ids of the newest cached messages, so that a peer that reconnects after its
 * neighbours failed grafts what it missed in the meantime.
 */
public final class PlumTree {

  /** Who announced a missing message, and at what hop count it had it. */
  private record Announcer(PublicKey peer, int hops) {}

  /**
   * An announced message that has not arrived: its announcers, tried in turn. The paper asks each
   * announcer once; here the turn goes round again (up to {@link #MAX_GRAFTS} grafts in all) so that
   * a graft or its answer lost on the way does not lose the message when only one neighbour has it.
   */
  private static final class Missing {
    final ArrayList<Announcer> announcers = new ArrayList<>(2);
    int grafts;
  }

  private static final int MAX_GRAFTS = 6;
  private static final int MAX_ANNOUNCERS = 16;

  private static final int MAX_IDS_PER_MESSAGE = 1024;

  private final TopicId topic;
  private final long epoch;
  private final BroadcastConfig config;
  private final MessageIds ids;
  private final HyParView membership;

  private final ArrayList<PublicKey> eager = new ArrayList<>();
  private final ArrayList<PublicKey> lazy = new ArrayList<>();
  private final FifoIdSet seen;
  private final PayloadCache cache;
  private final LinkedHashMap<Hash, Missing> missing = new LinkedHashMap<>();
  private final LinkedHashMap<PublicKey, ArrayList<Announcement>> lazyQueue = new LinkedHashMap<>();
  private boolean flushArmed;
  private long now;

  public PlumTree(TopicId topic, long epoch, BroadcastConfig config, MessageIds ids, HyParView membership) {
    this.topic = topic;
    this.epoch = epoch;
    this.config = config;
    this.ids = ids;
    this.membership = membership;
    this.seen = new FifoIdSet(config.seenCapacity());
    this.cache = new PayloadCache(config.payloadCacheBytes(), config.payloadRetentionMillis());
  }

  public void setNow(long now) {
    this.now = now;
  }

  public List<PublicKey> eager() {
    return eager;
  }

  public List<PublicKey> lazy() {
    return lazy;
  }

  public void neighborUp(PublicKey peer, List<Output> out) {
    lazy.remove(peer);
    if (!eager.contains(peer)) {
      eager.add(peer);
    }
    if (!config.eagerOnly() && config.announceToNewNeighbor() > 0) {
      List<PayloadCache.Entry> recent = cache.newest(config.announceToNewNeighbor(), now);
      for (PayloadCache.Entry entry : recent.reversed()) {
        queueAnnouncement(peer, new Announcement(entry.id(), entry.hops()), out);
      }
    }
  }

  public void neighborDown(PublicKey peer) {
    eager.remove(peer);
    lazy.remove(peer);
    lazyQueue.remove(peer);
  }

  /** Whether this topic has seen {@code id}. */
  public boolean hasSeen(Hash id) {
    return seen.contains(id);
  }

  /** Broadcasts a payload this peer publishes; the caller checked its size and novelty. */
  public void publish(Hash id, Bytes payload, List<Output> out) {
    seen.add(id);
    cache.put(id, payload, 0, now);
    eagerPush(id, 0, payload, null, out);
    lazyPush(id, 0, null, out);
  }

  public void onMessage(PublicKey from, GossipMessage.Broadcast message, List<Output> out) {
    switch (message) {
      case Gossip gossip -> onGossip(from, gossip, out);
      case IHave ihave -> onIHave(from, ihave.announcements(), out);
      case Graft graft -> onGraft(from, graft.ids(), out);
      case Prune prune -> onPrune(from);
    }
  }

  private void onGossip(PublicKey from, Gossip gossip, List<Output> out) {
    Hash id = gossip.id();
    Bytes payload = gossip.payload();
    if (payload.length() > config.maxPayloadBytes()) {
      out.add(new Output.Rejected(from, Rejection.of(Rejection.Reason.LIMIT_EXCEEDED,
          "payload of " + payload.length() + " bytes in topic " + topic + ", the limit is "
              + config.maxPayloadBytes())));
      return;
    }
    if (seen.contains(id)) {
      // A duplicate: the link it came over is redundant for the tree.
      if (!config.eagerOnly() && membership.isActive(from)) {
        moveToLazy(from);
        out.add(new Output.Send(from, new Prune(topic)));
      }
      return;
    }
    Hash actual = ids.idOf(payload);
    if (!actual.equals(id)) {
      out.add(new Output.Rejected(from, Rejection.of(Rejection.Reason.INVALID_FIELD,
          "message id " + id + " does not match its payload (" + actual + ") in topic " + topic)));
      return;
    }
    seen.add(id);
    int hops = gossip.hops();
    cache.put(id, payload, hops, now);
    out.add(new Output.Deliver(topic, id, payload, from, hops));
    Missing wasMissing = missing.remove(id);
    if (!config.eagerOnly() && membership.isActive(from)) {
      moveToEager(from);
      if (wasMissing != null) {
        optimize(from, hops, wasMissing.announcers, out);
      }
    }
    eagerPush(id, hops, payload, from, out);
    lazyPush(id, hops, from, out);
  }

  /**
   * The paper's optimisation: if a neighbour announced the message at a hop count that would have
   * brought it here {@code threshold} hops sooner than the tree did, move the tree link to it.
   */
  private void optimize(PublicKey from, int hops, List<Announcer> announcers, List<Output> out) {
    if (config.optimizationThreshold() == 0) {
      return;
    }
    Announcer best = null;
    for (Announcer announcer : announcers) {
      if (membership.isActive(announcer.peer()) && !announcer.peer().equals(from)
          && (best == null || announcer.hops() < best.hops())) {
        best = announcer;
      }
    }
    if (best != null && hops - (best.hops() + 1) >= config.optimizationThreshold()) {
      moveToEager(best.peer());
      out.add(new Output.Send(best.peer(), new Graft(topic, List.of())));
      moveToLazy(from);
      out.add(new Output.Send(from, new Prune(topic)));
    }
  }

  private void onIHave(PublicKey from, List<Announcement> announcements, List<Output> out) {
    if (config.eagerOnly()) {
      return;
    }
    int limit = Math.min(announcements.size(), MAX_IDS_PER_MESSAGE);
    for (int i = 0; i < limit; i++) {
      Announcement announcement = announcements.get(i);
      Hash id = announcement.id();
      if (seen.contains(id)) {
        continue;
      }
      Missing entry = missing.get(id);
      if (entry == null) {
        if (missing.size() >= config.missingCapacity()) {
          Iterator<Hash> oldest = missing.keySet().iterator();
          oldest.next();
          oldest.remove();
        }
        entry = new Missing();
        missing.put(id, entry);
        out.add(new Output.SetTimer(config.missingTimeoutMillis(), new Timer.Missing(topic, epoch, id)));
      }
      if (entry.announcers.size() < MAX_ANNOUNCERS && !containsPeer(entry.announcers, from)) {
        entry.announcers.add(new Announcer(from, announcement.hops()));
      }
    }
  }

  /** A message announced but not received in time: graft it from the next announcer. */
  public void onMissingTimer(Hash id, List<Output> out) {
    Missing entry = missing.get(id);
    if (entry == null) {
      return;
    }
    if (seen.contains(id) || entry.announcers.isEmpty() || entry.grafts >= MAX_GRAFTS) {
      missing.remove(id);
      return;
    }
    Announcer next = entry.announcers.get(entry.grafts % entry.announcers.size());
    entry.grafts++;
    if (membership.isActive(next.peer())) {
      moveToEager(next.peer());
    }
    out.add(new Output.Send(next.peer(), new Graft(topic, List.of(id))));
    out.add(new Output.SetTimer(config.graftRetryMillis(), new Timer.Missing(topic, epoch, id)));
  }

  private void onGraft(PublicKey from, List<Hash> wanted, List<Output> out) {
    if (!config.eagerOnly() && membership.isActive(from)) {
      moveToEager(from);
    }
    int limit = Math.min(wanted.size(), MAX_IDS_PER_MESSAGE);
    for (int i = 0; i < limit; i++) {
      PayloadCache.Entry entry = cache.get(wanted.get(i), now);
      if (entry != null) {
        out.add(new Output.Send(from, new Gossip(topic, entry.id(), nextHops(entry.hops()), entry.payload())));
      }
    }
  }

  private void onPrune(PublicKey from) {
    if (!config.eagerOnly() && membership.isActive(from)) {
      moveToLazy(from);
    }
  }

  public void onLazyFlush(List<Output> out) {
    flushArmed = false;
    for (Map.Entry<PublicKey, ArrayList<Announcement>> entry : lazyQueue.entrySet()) {
      sendAnnouncements(entry.getKey(), entry.getValue(), out);
    }
    lazyQueue.clear();
  }

  private void eagerPush(Hash id, int hops, Bytes payload, PublicKey except, List<Output> out) {
    List<PublicKey> targets = config.eagerOnly() ? membership.active() : eager;
    if (targets.isEmpty()) {
      return;
    }
    Gossip gossip = new Gossip(topic, id, nextHops(hops), payload);
    for (PublicKey peer : targets) {
      if (!peer.equals(except)) {
        out.add(new Output.Send(peer, gossip));
      }
    }
  }

  private void lazyPush(Hash id, int hops, PublicKey except, List<Output> out) {
    if (config.eagerOnly() || lazy.isEmpty()) {
      return;
    }
    Announcement announcement = new Announcement(id, hops);
    for (PublicKey peer : lazy) {
      if (!peer.equals(except)) {
        queueAnnouncement(peer, announcement, out);
      }
    }
  }

  private void queueAnnouncement(PublicKey peer, Announcement announcement, List<Output> out) {
    if (config.lazyPushDelayMillis() == 0) {
      out.add(new Output.Send(peer, new IHave(topic, List.of(announcement))));
      return;
    }
    lazyQueue.computeIfAbsent(peer, key -> new ArrayList<>()).add(announcement);
    if (!flushArmed) {
      flushArmed = true;
      out.add(new Output.SetTimer(config.lazyPushDelayMillis(), new Timer.LazyFlush(topic, epoch)));
    }
  }

  private void sendAnnouncements(PublicKey peer, List<Announcement> announcements, List<Output> out) {
    if (!membership.isActive(peer)) {
      return;
    }
    for (int from = 0; from < announcements.size(); from += MAX_IDS_PER_MESSAGE) {
      int to = Math.min(announcements.size(), from + MAX_IDS_PER_MESSAGE);
      out.add(new Output.Send(peer, new IHave(topic, announcements.subList(from, to))));
    }
  }

  private void moveToEager(PublicKey peer) {
    lazy.remove(peer);
    if (!eager.contains(peer)) {
      eager.add(peer);
    }
  }

  private void moveToLazy(PublicKey peer) {
    eager.remove(peer);
    if (!lazy.contains(peer)) {
      lazy.add(peer);
    }
  }

  private static boolean containsPeer(List<Announcer> announcers, PublicKey peer) {
    for (Announcer announcer : announcers) {
      if (announcer.peer().equals(peer)) {
        return true;
      }
    }
    return false;
  }

  private static int nextHops(int hops) {
    return Math.min(hops + 1, GossipMessage.MAX_COUNTER);
  }
}

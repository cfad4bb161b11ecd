package org.walkaway.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;

/**
 * What one node knows about its peers across sessions: which sessions are running, and which events
 * each peer already holds or is being sent. Share one ledger among all sessions of a node.
 *
 * <h2>Both peers dial at once</h2>
 *
 * Two sessions for the same peer and topic may run at once (each side dialled the other). The rule:
 * <b>the session initiated by the node with the lower public key (unsigned byte order) wins; the
 * other closes</b> (with {@link SyncOutput.Closed}, reason "superseded"), on whichever side notices
 * first; the peer sees a CANCEL. Both sides apply the same rule to the same two sessions, so they
 * never both close. Two sessions initiated by the same node: the older one wins.
 *
 * <p>The rule saves work; what keeps events from travelling twice is the second half of the ledger.
 * A session plans what to send from the peer's tips, raised by what this ledger knows the peer
 * holds for certain (events received from it) or is being sent by another running session. What a
 * session sent is not recorded as held when it ends, because nothing confirms the peer applied it:
 * the next session's tips say so. Even when two sessions overlap in an unlucky order, an event
 * received twice is stored once ({@code Duplicate}) and counted in {@link SyncStats}.
 *
 * <p>Thread-safe: sessions of different peers may run on different threads.
 */
public final class PeerLedger {
  private record Channel(PublicKey peer, LogId topic) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Channel, List<SyncSession>> running = new HashMap<>();
  private final Map<PublicKey, Map<LogKey, Long>> held = new HashMap<>();
  private final Map<SyncSession, Map<LogKey, Long>> inFlight = new HashMap<>();
  private long registrations;
  private final Map<SyncSession, Long> order = new HashMap<>();

  /** An empty ledger, for one node. */
  public PeerLedger() {}

  void register(SyncSession session) {
    lock.lock();
    try {
      running.computeIfAbsent(channel(session), c -> new ArrayList<>()).add(session);
      order.put(session, registrations++);
    } finally {
      lock.unlock();
    }
  }

  /** True if another running session with the same peer and topic wins over {@code session}. */
  boolean superseded(SyncSession session) {
    lock.lock();
    try {
      for (SyncSession other : running.getOrDefault(channel(session), List.of())) {
        if (other != session && wins(other, session)) {
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  private boolean wins(SyncSession a, SyncSession b) {
    int byKey = a.config().initiatorNode().compareTo(b.config().initiatorNode());
    return byKey != 0 ? byKey < 0 : order.get(a) < order.get(b);
  }

  /** The highest seq of {@code log} the peer holds or is being sent by another session; -1 if none. */
  long knownHeight(SyncSession session, LogKey log) {
    lock.lock();
    try {
      long known = held.getOrDefault(session.config().peerNode(), Map.of()).getOrDefault(log, -1L);
      for (SyncSession other : running.getOrDefault(channel(session), List.of())) {
        if (other != session) {
          known = Math.max(known, inFlight.getOrDefault(other, Map.of()).getOrDefault(log, -1L));
        }
      }
      return known;
    } finally {
      lock.unlock();
    }
  }

  void sending(SyncSession session, LogKey log, long toSeq) {
    lock.lock();
    try {
      inFlight.computeIfAbsent(session, s -> new HashMap<>()).merge(log, toSeq, Math::max);
    } finally {
      lock.unlock();
    }
  }

  void received(PublicKey peer, LogKey log, long seq) {
    lock.lock();
    try {
      held.computeIfAbsent(peer, p -> new HashMap<>()).merge(log, seq, Math::max);
    } finally {
      lock.unlock();
    }
  }

  void finished(SyncSession session) {
    lock.lock();
    try {
      List<SyncSession> sessions = running.get(channel(session));
      if (sessions != null) {
        sessions.remove(session);
        if (sessions.isEmpty()) {
          running.remove(channel(session));
        }
      }
      order.remove(session);
      inFlight.remove(session);
    } finally {
      lock.unlock();
    }
  }

  private static Channel channel(SyncSession session) {
    return new Channel(session.config().peerNode(), session.config().topic());
  }
}

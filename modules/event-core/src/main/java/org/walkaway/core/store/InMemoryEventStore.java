package org.walkaway.core.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;

/**
 * An {@link EventStore} in memory: for tests, simulations, and peers that keep nothing. Many
 * readers run at once; writers take turns (a read-write lock, which does not pin virtual threads).
 */
public final class InMemoryEventStore implements EventStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Hash, Event> headers = new HashMap<>();
  private final Map<Hash, Body> bodies = new HashMap<>();
  private final Map<LogKey, NavigableMap<Long, Hash>> logs = new HashMap<>();
  private final Map<LogId, Set<LogKey>> logsById = new HashMap<>();
  private final Map<PublicKey, Set<LogKey>> logsByAuthor = new HashMap<>();
  private final Map<LogKey, Long> prunePoints = new HashMap<>();
  // A set: gossip delivers the same forked event many times, and each copy must not add evidence.
  private final Map<PublicKey, Set<ForkEvidence>> forks = new HashMap<>();
  private volatile boolean closed;

  /** An empty store. */
  public InMemoryEventStore() {}

  @Override
  public AppendResult append(Event event) {
    return write(() -> appendLocked(event));
  }

  @Override
  public List<AppendResult> appendAll(List<Event> events) {
    return write(() -> events.stream().map(this::appendLocked).toList());
  }

  private AppendResult appendLocked(Event event) {
    Event known = headers.get(event.id());
    if (known != null) {
      event.body().ifPresent(body -> bodies.putIfAbsent(event.id(), body));
      return new AppendResult.Duplicate(event.id());
    }
    LogKey key = event.logKey();
    long seq = event.seqNum();
    long prunePoint = prunePoints.getOrDefault(key, 0L);
    if (seq < prunePoint) {
      return new AppendResult.Rejected(
          event,
          Rejection.of(
              Reason.PRUNED,
              "seq " + seq + " lies below the prune point " + prunePoint + " of log " + key.logId()));
    }
    NavigableMap<Long, Hash> log = logs.get(key);
    Hash taken = log == null ? null : log.get(seq);
    if (taken != null) {
      Event first = headers.get(taken);
      forks.computeIfAbsent(key.author(), a -> new LinkedHashSet<>())
          .add(new ForkEvidence(key, seq, first.headerBytes(), event.headerBytes()));
      return new AppendResult.Rejected(
          event,
          Rejection.of(
              Reason.FORK,
              "author " + key.author() + " already signed " + taken + " at seq " + seq + " of log "
                  + key.logId() + "; kept the first, recorded both as evidence"));
    }
    Optional<Event> previous =
        seq == 0 || log == null ? Optional.empty() : Optional.ofNullable(log.get(seq - 1)).map(headers::get);
    Optional<Rejection> rejection = LogValidation.check(event, previous);
    if (rejection.isPresent()) {
      return new AppendResult.Rejected(event, rejection.get());
    }
    if (log == null) {
      log = new TreeMap<>();
      logs.put(key, log);
      logsById.computeIfAbsent(key.logId(), id -> new LinkedHashSet<>()).add(key);
      logsByAuthor.computeIfAbsent(key.author(), a -> new LinkedHashSet<>()).add(key);
    }
    log.put(seq, event.id());
    headers.put(event.id(), event.withoutBody());
    event.body().ifPresent(body -> bodies.put(event.id(), body));
    if (event.header().prune() && seq > prunePoint) {
      pruneLocked(key, seq);
    }
    return new AppendResult.Appended(event);
  }

  @Override
  public Optional<Event> get(Hash id) {
    return read(() -> Optional.ofNullable(headers.get(id)).map(this::withBody));
  }

  @Override
  public Optional<Event> get(LogKey log, long seqNum) {
    return read(
        () ->
            Optional.ofNullable(logs.get(log))
                .map(entries -> entries.get(seqNum))
                .map(headers::get)
                .map(this::withBody));
  }

  @Override
  public List<Event> range(LogKey log, long fromSeq, long toSeq) {
    return read(
        () -> {
          NavigableMap<Long, Hash> entries = logs.get(log);
          if (entries == null || fromSeq > toSeq) {
            return List.of();
          }
          return entries.subMap(fromSeq, true, toSeq, true).values().stream()
              .map(headers::get)
              .map(this::withBody)
              .toList();
        });
  }

  @Override
  public Optional<Event> latest(LogKey log) {
    return read(
        () ->
            Optional.ofNullable(logs.get(log))
                .map(NavigableMap::lastEntry)
                .map(entry -> headers.get(entry.getValue()))
                .map(this::withBody));
  }

  @Override
  public Map<LogKey, Long> heights(Collection<LogId> logIds) {
    return read(
        () -> {
          Map<LogKey, Long> heights = new HashMap<>();
          for (LogId logId : logIds) {
            for (LogKey key : logsById.getOrDefault(logId, Set.of())) {
              heights.put(key, logs.get(key).lastKey());
            }
          }
          return Map.copyOf(heights);
        });
  }

  @Override
  public Map<LogKey, Long> heights(PublicKey author) {
    return read(
        () -> {
          Map<LogKey, Long> heights = new HashMap<>();
          for (LogKey key : logsByAuthor.getOrDefault(author, Set.of())) {
            heights.put(key, logs.get(key).lastKey());
          }
          return Map.copyOf(heights);
        });
  }

  @Override
  public int prune(LogKey log, long seqNum) {
    return write(
        () -> {
          NavigableMap<Long, Hash> entries = logs.get(log);
          if (entries == null || !entries.containsKey(seqNum)) {
            throw new IllegalArgumentException(
                "cannot prune log " + log.logId() + " of " + log.author() + " below seq " + seqNum
                    + ": there is no event at that position to continue from");
          }
          return pruneLocked(log, seqNum);
        });
  }

  private int pruneLocked(LogKey log, long seqNum) {
    NavigableMap<Long, Hash> below = logs.get(log).headMap(seqNum, false);
    int deleted = below.size();
    for (Hash id : below.values()) {
      headers.remove(id);
      bodies.remove(id);
    }
    below.clear();
    prunePoints.merge(log, seqNum, Math::max);
    return deleted;
  }

  @Override
  public long prunePoint(LogKey log) {
    return read(() -> prunePoints.getOrDefault(log, 0L));
  }

  @Override
  public boolean removeBody(Hash id) {
    return write(() -> bodies.remove(id) != null);
  }

  @Override
  public List<ForkEvidence> forks(PublicKey author) {
    return read(() -> List.copyOf(forks.getOrDefault(author, Set.of())));
  }

  @Override
  public void close() {
    closed = true;
  }

  private Event withBody(Event header) {
    Body body = bodies.get(header.id());
    // The body was checked against the header when it was appended.
    return body == null
        ? header
        : new Event(header.id(), header.header(), header.headerBytes(), Optional.of(body));
  }

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      checkOpen();
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      checkOpen();
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("the store is closed; open a new one");
    }
  }
}

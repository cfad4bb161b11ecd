package org.walkaway.transport.quic;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.walkaway.core.PublicKey;

/**
 * Where peers can be reached: addresses from the static bootstrap list and from verified {@link
 * SignedAddressRecord}s, each with when it last worked and how often it failed since.
 *
 * <p>After {@code n} consecutive failures an address is not dialed again before {@code
 * backoffBase × 2^(n-1)} (capped at {@code backoffMax}) has passed; a success resets it. Time
 * comes from the injected clock. Thread-safe.
 */
public final class AddressBook {
  /**
   * One known address of a peer.
   *
   * @param lastSeen when a connection over it last succeeded
   * @param failures consecutive failed dials since the last success
   * @param notBefore the earliest time it may be dialed again
   * @param bootstrap whether it came from the static bootstrap list
   */
  public record Entry(
      PublicKey peer,
      InetSocketAddress address,
      Optional<Instant> lastSeen,
      int failures,
      Instant notBefore,
      boolean bootstrap) {}

  private final InstantSource clock;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Map<PublicKey, Map<InetSocketAddress, Entry>> entries = new HashMap<>();
  private final Map<PublicKey, Instant> newestRecord = new HashMap<>();

  public AddressBook(InstantSource clock, Duration backoffBase, Duration backoffMax) {
    this.clock = clock;
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
  }

  /** Adds an address from the static bootstrap list. */
  public synchronized void addBootstrap(PublicKey peer, InetSocketAddress address) {
    entries
        .computeIfAbsent(peer, p -> new HashMap<>())
        .merge(address, fresh(peer, address, true), (old, neu) -> old);
  }

  /**
   * Adds the addresses of a record if its signature holds, it is for {@code network}, and it is
   * newer than the last record accepted for that peer.
   *
   * @return whether the record was accepted
   */
  public boolean accept(SignedAddressRecord record, NetworkId network) {
    if (!record.network().equals(network) || !record.verify()) {
      return false;
    }
    synchronized (this) {
      Instant newest = newestRecord.get(record.peer());
      if (newest != null && !record.issuedAt().isAfter(newest)) {
        return false;
      }
      newestRecord.put(record.peer(), record.issuedAt());
      Map<InetSocketAddress, Entry> known =
          entries.computeIfAbsent(record.peer(), p -> new HashMap<>());
      for (InetSocketAddress a : record.addresses()) {
        known.putIfAbsent(a, fresh(record.peer(), a, false));
      }
      return true;
    }
  }

  /** A connection over {@code address} succeeded: it is seen now and its failures reset. */
  public synchronized void recordSuccess(PublicKey peer, InetSocketAddress address) {
    Instant now = clock.instant();
    entries
        .computeIfAbsent(peer, p -> new HashMap<>())
        .compute(
            address,
            (a, old) ->
                new Entry(peer, a, Optional.of(now), 0, now, old != null && old.bootstrap()));
  }

  /** A dial to {@code address} failed: it backs off exponentially. */
  public synchronized void recordFailure(PublicKey peer, InetSocketAddress address) {
    Instant now = clock.instant();
    entries
        .computeIfAbsent(peer, p -> new HashMap<>())
        .compute(
            address,
            (a, old) -> {
              int failures = old == null ? 1 : old.failures() + 1;
              return new Entry(
                  peer,
                  a,
                  old == null ? Optional.empty() : old.lastSeen(),
                  failures,
                  now.plus(backoff(failures)),
                  old != null && old.bootstrap());
            });
  }

  /** The wait after {@code failures} consecutive failures. */
  public Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    Duration d = backoffBase;
    for (int i = 1; i < failures && d.compareTo(backoffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(backoffMax) > 0 ? backoffMax : d;
  }

  /** Every known address of {@code peer}. */
  public synchronized List<Entry> entries(PublicKey peer) {
    return List.copyOf(entries.getOrDefault(peer, Map.of()).values());
  }

  /** The addresses of {@code peer} that may be dialed now, most recently seen first. */
  public synchronized List<InetSocketAddress> dialable(PublicKey peer) {
    Instant now = clock.instant();
    List<Entry> ready = new ArrayList<>();
    for (Entry e : entries.getOrDefault(peer, Map.of()).values()) {
      if (!e.notBefore().isAfter(now)) {
        ready.add(e);
      }
    }
    ready.sort(
        Comparator.comparing((Entry e) -> e.lastSeen().orElse(Instant.MIN)).reversed()
            .thenComparingInt(Entry::failures));
    return ready.stream().map(Entry::address).toList();
  }

  public synchronized Set<PublicKey> peers() {
    return Set.copyOf(entries.keySet());
  }

  private Entry fresh(PublicKey peer, InetSocketAddress address, boolean bootstrap) {
    return new Entry(peer, address, Optional.empty(), 0, Instant.MIN, bootstrap);
  }
}

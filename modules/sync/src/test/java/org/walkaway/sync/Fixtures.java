package org.walkaway.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.EventStore;

/** Logs, stores and a deterministic in-memory link that drives two sessions. */
final class Fixtures {
  static final LogId TOPIC = LogId.ofTopic("sync-tests");

  private Fixtures() {}

  /** A log of {@code length} events by a key drawn from {@code random}; the prune flag on {@code pruneAt} if >= 0. */
  static List<Event> log(SplittableRandom random, int length, int bodyBytes, int pruneAt) {
    SigningKey key = SigningKey.generate(random.split());
    List<Event> events = new ArrayList<>(length);
    for (int seq = 0; seq < length; seq++) {
      byte[] body = new byte[bodyBytes];
      random.nextBytes(body);
      EventBuilder builder = seq == 0 ? EventBuilder.create().logId(TOPIC) : EventBuilder.following(events.get(seq - 1));
      if (seq == pruneAt) {
        builder.prune();
      }
      events.add(builder.body(Body.of(body)).sign(key));
    }
    return events;
  }

  static SigningKey node(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  static void appendAll(EventStore store, List<Event> events) {
    store.appendAll(events).forEach(r -> {
      if (!r.isAppended()) {
        throw new IllegalStateException("fixture append failed: " + r);
      }
    });
  }

  /** Every event id in the topic held by {@code store}. */
  static Set<Hash> ids(EventStore store) {
    Set<Hash> ids = new TreeSet<>();
    for (LogKey log : store.heights(List.of(TOPIC)).keySet()) {
      store.range(log, 0, Long.MAX_VALUE).forEach(e -> ids.add(e.id()));
    }
    return ids;
  }

  /**
   * Two sessions joined by an in-memory channel that delivers in flights: every frame sent in flight
   * k arrives in flight k+1. One round trip is two flights.
   */
  static final class Link {
    final SyncSession a;
    final SyncSession b;
    final List<SyncOutput> outputsA = new ArrayList<>();
    final List<SyncOutput> outputsB = new ArrayList<>();
    private Deque<byte[]> toA = new ArrayDeque<>();
    private Deque<byte[]> toB = new ArrayDeque<>();
    /** Rewrites frames from b to a (null drops the frame); identity for honest peers. */
    UnaryOperator<byte[]> tamperBtoA = UnaryOperator.identity();
    int flights;
    int firstEventFlightAtA = -1;
    int firstEventFlightAtB = -1;

    Link(SyncSession a, SyncSession b) {
      this.a = a;
      this.b = b;
    }

    void start() {
      route(a.start(), true);
      route(b.start(), false);
    }

    /** Delivers one flight; false when nothing was in flight and nothing waits to be sent. */
    boolean step() {
      if (toA.isEmpty() && toB.isEmpty() && !a.wantsToSend() && !b.wantsToSend()) {
        return false;
      }
      flights++;
      Deque<byte[]> forA = toA;
      Deque<byte[]> forB = toB;
      toA = new ArrayDeque<>();
      toB = new ArrayDeque<>();
      for (byte[] frame : forB) {
        route(b.receive(frame), false);
      }
      for (byte[] frame : forA) {
        route(a.receive(frame), true);
      }
      while (a.wantsToSend()) {
        route(a.poll(), true);
      }
      while (b.wantsToSend()) {
        route(b.poll(), false);
      }
      return true;
    }

    Link run() {
      start();
      while (step()) {
        if (flights > 10_000) {
          throw new IllegalStateException("the link did not settle");
        }
      }
      return this;
    }

    void route(List<SyncOutput> outputs, boolean fromA) {
      for (SyncOutput output : outputs) {
        if (output instanceof SyncOutput.Send send) {
          byte[] frame = send.frame().toArray();
          if (fromA) {
            toB.add(frame);
          } else {
            byte[] tampered = tamperBtoA.apply(frame);
            if (tampered != null) {
              toA.add(tampered);
            }
          }
        } else {
          if (output instanceof SyncOutput.Received && (fromA ? firstEventFlightAtA : firstEventFlightAtB) < 0) {
            if (fromA) {
              firstEventFlightAtA = flights;
            } else {
              firstEventFlightAtB = flights;
            }
          }
          (fromA ? outputsA : outputsB).add(output);
        }
      }
    }

    /** Injects a frame as if b had sent it. */
    void injectToA(byte[] frame) {
      toA.add(frame);
    }

    <T extends SyncOutput> List<T> at(boolean sideA, Class<T> type) {
      return (sideA ? outputsA : outputsB).stream().filter(type::isInstance).map(type::cast).toList();
    }
  }
}

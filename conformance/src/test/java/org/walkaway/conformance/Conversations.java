package org.walkaway.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;

/** Signed test conversations: three authors taking random turns, each event citing random other heads. */
final class Conversations {
  private Conversations() {}

  /** {@code size} events on {@code logId}, in creation (causal) order. */
  static List<Event> random(SplittableRandom random, int size, LogId logId) {
    List<SigningKey> authors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      authors.add(SigningKey.fromSeed(seed));
    }
    Map<Integer, Event> newest = new HashMap<>();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int author = random.nextInt(authors.size());
      Event own = newest.get(author);
      EventBuilder builder = own == null ? EventBuilder.create().logId(logId) : EventBuilder.following(own);
      List<Hash> previous = new ArrayList<>();
      newest.forEach((other, event) -> {
        if (other != author && random.nextBoolean()) {
          previous.add(event.id());
        }
      });
      Event event = builder.previous(previous).body(Body.ofText("message " + i)).sign(authors.get(author));
      newest.put(author, event);
      events.add(event);
    }
    return events;
  }
}

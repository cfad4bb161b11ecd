package org.walkaway.store.sqlite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;

/**
 * The process {@link CrashTest} kills: it appends to a store as fast as it can and prints the id of
 * every event the store acknowledged, after the call that stored it returned. Whatever it printed
 * must be in the store after the kill.
 *
 * <p>Arguments: the store's file and a seed. Output, one per line: {@code READY} once the store is
 * open, then {@code ACK <id hex>} per acknowledged event, or {@code FAILED <what>} and exit 2.
 */
public final class CrashChild {
  private CrashChild() {}

  static final LogId LOG = LogId.ofTopic("crash");

  /** The authors the child writes as; the test checks their logs. */
  static List<SigningKey> authors() {
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) i);
      keys.add(SigningKey.fromSeed(seed));
    }
    return keys;
  }

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    PrintStream out = System.out;
    List<SigningKey> authors = authors();
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      List<Optional<Event>> newest = new ArrayList<>();
      for (SigningKey author : authors) {
        newest.add(store.latest(new LogKey(author.publicKey(), LOG)));
      }
      out.println("READY");
      out.flush();
      while (true) {
        int which = random.nextInt(authors.size());
        int size = random.nextInt(4) == 0 ? 1 : random.nextInt(1, 200);
        List<Event> batch = new ArrayList<>(size);
        Optional<Event> previous = newest.get(which);
        for (int i = 0; i < size; i++) {
          EventBuilder builder =
              previous.isEmpty() ? EventBuilder.create().logId(LOG) : EventBuilder.following(previous.get());
          byte[] body = new byte[random.nextInt(0, 300)];
          random.nextBytes(body);
          Event event = builder.body(Body.of(body)).sign(authors.get(which));
          batch.add(event);
          previous = Optional.of(event);
        }
        List<AppendResult> results = size == 1 ? List.of(store.append(batch.get(0))) : store.appendAll(batch);
        StringBuilder acks = new StringBuilder();
        for (int i = 0; i < size; i++) {
          if (!results.get(i).isAppended()) {
            out.println("FAILED " + results.get(i));
            out.flush();
            System.exit(2);
          }
          acks.append("ACK ").append(batch.get(i).id().toHex()).append('\n');
        }
        out.print(acks);
        out.flush();
        newest.set(which, previous);
      }
    } catch (RuntimeException e) {
      out.println("FAILED " + e);
      out.flush();
      System.exit(2);
    }
  }
}

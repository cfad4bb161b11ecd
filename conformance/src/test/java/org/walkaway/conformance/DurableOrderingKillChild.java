package org.walkaway.conformance;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Verdict;
import org.walkaway.ordering.Admission;
import org.walkaway.ordering.DependencyView;
import org.walkaway.ordering.DurableOrderer;
import org.walkaway.ordering.MissingListener;
import org.walkaway.ordering.OrderingLimits;
import org.walkaway.ordering.StateBackedOrderingStore;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteStateStore;

/**
 * The process {@link DurableOrderingKillTest} kills: a {@link DurableOrderer} of events with its
 * state in a SQLite file, offered the events of a file (one {@code headerHex bodyHex} per line) from
 * a given index on.
 *
 * <p>Arguments: the SQLite file, the events file, the first index to offer. Output, one per line:
 * {@code READY} once the orderer is open, {@code D <id>} per event handed over (after its delivery
 * was recorded), {@code A <index>} per acknowledged offer, {@code DONE} at the end, or
 * {@code FAILED <what>} and exit 2.
 */
public final class DurableOrderingKillChild {
  private DurableOrderingKillChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    List<String> lines = Files.readAllLines(Path.of(args[1]));
    int from = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      DurableOrderer<Event> orderer = DurableOrderer.open(
          StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE),
          DependencyView.events(), Event::logId, OrderingLimits.DEFAULT, MissingListener.NONE);
      out.println("READY");
      out.flush();
      orderer.drainRecovered(event -> {
        out.println("D " + event.id().toHex());
        out.flush();
      });
      for (int i = from; i < lines.size(); i++) {
        String[] parts = lines.get(i).split(" ");
        Event event = switch (EventCodec.decode(Bytes.fromHex(parts[0]), Optional.of(Bytes.fromHex(parts[1])))) {
          case Verdict.Accepted<Event>(Event accepted) -> accepted;
          case Verdict.Rejected<Event>(var rejection) -> throw new IllegalStateException(rejection.toString());
        };
        Admission admission = orderer.offer(event, delivered -> {
          out.println("D " + delivered.id().toHex());
          out.flush();
          pace(); // one durable write per offer makes a cascade fast: slow the hand-overs so a kill lands inside one
        });
        if (admission instanceof Admission.Refused refused) {
          throw new IllegalStateException(refused.toString());
        }
        out.println("A " + i);
        out.flush();
        pace();
      }
      out.println("DONE");
      out.flush();
    } catch (RuntimeException e) {
      out.println("FAILED " + e);
      out.flush();
      System.exit(2);
    }
  }

  /** About a millisecond per step, so that the parent's kill, timed in milliseconds, lands mid-run. */
  private static void pace() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pacing", e);
    }
  }
}

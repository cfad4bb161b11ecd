package org.walkaway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.ordering.DependencyView;
import org.walkaway.ordering.OrderingStore;
import org.walkaway.ordering.StateBackedOrderingStore;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteStateStore;

/**
 * {@link DurableOrderingOverSqliteTest} with real crashes: a child JVM
 * ({@link DurableOrderingKillChild}) runs the orderer over SQLite and is SIGKILLed at random moments,
 * every other one while held events are being released (after a random number of hand-overs in that
 * run), the others at a random time; a new child resumes from the first offer that was not
 * acknowledged. At the end the file's delivery log holds every event once, after its
 * dependencies, nothing is pending, and what the children handed over, all together, came once
 * each, in log order, missing at most one run of consecutive log positions per kill (the rest of
 * the release cascade whose one batch write preceded the kill).
 *
 * <p>{@code -Dwalkaway.orderingkill.kills=N} sets the kills (4 in an ordinary build);
 * {@code -Dwalkaway.crash.seed=S} replays the events and delays.
 */
class DurableOrderingKillTest {
  private static final LogId ROOM = LogId.ofTopic("room");

  @TempDir Path dir;

  @Test
  void sigkillsInTheMiddleOfCascadesDeliverNothingTwiceOrEarlyAndLoseNothing() throws Exception {
    int maxKills = Integer.getInteger("walkaway.orderingkill.kills", 4);
    long seed = Long.getLong("walkaway.crash.seed", System.nanoTime());
    String context = "seed " + seed + " (-Dwalkaway.crash.seed=" + seed + ")";
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> all = Conversations.random(random, 300, ROOM);
    List<Event> arrivals = new ArrayList<>(all);
    Collections.shuffle(arrivals, new java.util.Random(random.nextLong()));
    List<Event> roots = arrivals.stream().filter(e -> e.seqNum() == 0).toList();
    arrivals.removeAll(roots);
    arrivals.addAll(roots); // almost everything is held until the roots come: long cascades
    Path eventsFile = dir.resolve("arrivals.txt");
    List<String> lines = new ArrayList<>();
    for (Event event : arrivals) {
      lines.add(event.headerBytes().toHex() + " " + event.body().orElseThrow().bytes().toHex());
    }
    Files.write(eventsFile, lines);
    Path file = dir.resolve("node.db");

    List<Hash> handedOver = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    int next = 0;
    int kills = 0;
    for (int run = 1; ; run++) {
      String round = context + ", run " + run;
      Path stdout = dir.resolve("child-" + run + ".out");
      Path stderr = dir.resolve("child-" + run + ".err");
      Process child = start(file, eventsFile, next, stdout, stderr);
      boolean kill = kills < maxKills;
      try {
        if (!awaitLine(child, stdout, "READY")) {
          fail(round + ": the child did not open the store; its stderr: " + Files.readString(stderr));
        }
        if (kill && run % 2 == 1) {
          Thread.sleep(random.nextLong(5, 600)); // anywhere: the paced child needs over 600 ms for its 300 offers and hand-overs
        } else if (kill) {
          awaitHandOvers(child, stdout, random.nextInt(1, 60)); // inside a release cascade
        } else if (!child.waitFor(120, TimeUnit.SECONDS)) {
          fail(round + ": the last child did not finish");
        }
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor();
      }
      boolean done = false;
      int handedBefore = handedOver.size();
      for (String line : lines(stdout)) {
        if (line.startsWith("FAILED")) {
          fail(round + ": the child reported " + line + "; its stderr: " + Files.readString(stderr));
        } else if (line.startsWith("D ")) {
          handedOver.add(Hash.fromHex(line.substring(2)));
        } else if (line.startsWith("A ")) {
          next = Math.max(next, Integer.parseInt(line.substring(2)) + 1);
        } else if (line.equals("DONE")) {
          done = true;
        }
      }
      runs.add("run " + run + (done ? " (finished)" : " (killed)") + ": next offer " + next + " of " + arrivals.size()
          + ", hand-overs " + (handedOver.size() - handedBefore));
      if (done) {
        break;
      }
      kills++;
    }

    Map<Hash, Event> byId = new HashMap<>();
    all.forEach(e -> byId.put(e.id(), e));
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      OrderingStore<Event> store =
          StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE);
      List<Hash> log = store.delivered(ROOM, 0, Integer.MAX_VALUE);
      assertEquals(Set.of(), store.topicsWithPending(), context + ": nothing is left pending");
      assertEquals(all.size(), log.size(), context + ": every event is in the delivery log");
      assertEquals(all.size(), new HashSet<>(log).size(), context + ": ... once");
      Set<Hash> before = new HashSet<>();
      for (Hash id : log) {
        for (Hash dependency : DependencyView.events().dependencies(byId.get(id))) {
          assertTrue(before.contains(dependency), context + ": " + id + " delivered before its dependency");
        }
        before.add(id);
      }
      assertEquals(handedOver.size(), new HashSet<>(handedOver).size(), context + ": nothing handed over twice");
      Map<Hash, Integer> position = new HashMap<>();
      for (int i = 0; i < log.size(); i++) {
        position.put(log.get(i), i);
      }
      for (int i = 1; i < handedOver.size(); i++) {
        assertTrue(position.get(handedOver.get(i - 1)) < position.get(handedOver.get(i)), context + ": hand-overs follow the log");
      }
      // A kill cuts the hand-overs of what one store write marked: consecutive log positions.
      Set<Hash> received = new HashSet<>(handedOver);
      int cuts = 0;
      for (int i = 0; i < log.size(); i++) {
        if (!received.contains(log.get(i)) && (i == 0 || received.contains(log.get(i - 1)))) {
          cuts++;
        }
      }
      assertTrue(cuts <= kills, context + ": only kills cut hand-overs, one run of the log each (" + cuts + " runs)");
    }
    assertTrue(maxKills == 0 || kills > 0, context + ": no child was killed, so nothing was tested; runs " + runs);
    System.out.println("DurableOrderingKillTest: " + kills + " SIGKILLs, " + all.size() + " events delivered once in causal order, "
        + (all.size() - handedOver.size()) + " hand-overs cut; " + runs + "; " + context);
  }

  private static Process start(Path file, Path eventsFile, int from, Path stdout, Path stderr) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(classPath());
    command.add(DurableOrderingKillChild.class.getName());
    command.add(file.toString());
    command.add(eventsFile.toString());
    command.add(Integer.toString(from));
    // Output to files, not pipes: what the child wrote before the kill is then read whole.
    return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
  }

  private static boolean awaitLine(Process child, Path stdout, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (lines(stdout).contains(line)) {
        return true;
      }
      if (!child.isAlive()) {
        return lines(stdout).contains(line);
      }
      Thread.sleep(10);
    }
    return false;
  }

  /** Waits until the child has handed over {@code count} events, or stopped, or a minute passed. */
  private static void awaitHandOvers(Process child, Path stdout, int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (lines(stdout).stream().filter(line -> line.startsWith("D ")).count() >= count) {
        return;
      }
      Thread.sleep(2);
    }
  }

  /** The whole lines written so far; a line cut short by the kill is not one. */
  private static List<String> lines(Path stdout) throws IOException {
    String text = Files.readString(stdout, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  /** The test's module path, class path and test classes, all on one class path for the child. */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(entry);
        }
      }
    }
    try {
      entries.add(0, Path.of(DurableOrderingKillChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    } catch (URISyntaxException | NullPointerException e) {
      entries.add(0, Path.of(System.getProperty("basedir", "."), "target", "test-classes").toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}

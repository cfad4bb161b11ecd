package org.walkaway.store.sqlite;

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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.StateEntry;

/**
 * Kill -9 while committing state batches: a child JVM ({@link StateCrashChild}) applies numbered
 * batches through a {@link SqliteStateStore} that shares an event store's file and prints each
 * acknowledged one; the test kills it with SIGKILL after a random delay and reopens the file. Every
 * acknowledged batch must be there whole (or deleted whole by a later committed batch, as the child's
 * scheme says), and no other batch may be there even in part.
 *
 * <p>{@code -Dwalkaway.statecrash.kills=N} sets the number of kills (4 in an ordinary build);
 * {@code -Dwalkaway.crash.seed=S} replays a run's choices.
 */
class StateCrashTest {
  @TempDir Path dir;

  @Test
  void acknowledgedBatchesSurviveSigkillWholeAndOthersLeaveNoTrace() throws Exception {
    int kills = Integer.getInteger("walkaway.statecrash.kills", 4);
    long seed = Long.getLong("walkaway.crash.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    Path file = dir.resolve("node.db");
    String context = "seed " + seed + " (-Dwalkaway.crash.seed=" + seed + ")";
    long maxAcknowledged = -1;
    List<Long> heads = new ArrayList<>();
    for (int kill = 1; kill <= kills; kill++) {
      String round = context + ", kill " + kill + " of " + kills;
      Path stdout = dir.resolve("child-" + kill + ".out");
      Path stderr = dir.resolve("child-" + kill + ".err");
      Process child = start(file, random.nextLong(), stdout, stderr);
      try {
        if (!awaitReady(child, stdout)) {
          fail(round + ": the child did not open the store; its stderr: " + Files.readString(stderr));
        }
        Thread.sleep(random.nextLong(50, 800));
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor();
      }
      for (String line : lines(stdout)) {
        if (line.startsWith("FAILED")) {
          fail(round + ": the child reported " + line + "; its stderr: " + Files.readString(stderr));
        }
        if (line.startsWith("ACK ")) {
          maxAcknowledged = Math.max(maxAcknowledged, Long.parseLong(line.substring(4)));
        }
      }
      heads.add(check(file, maxAcknowledged, round));
    }
    System.out.println(
        "StateCrashTest: " + kills + " SIGKILLs, heads after each " + heads + ", last acknowledged batch "
            + maxAcknowledged + "; " + context);
    assertTrue(maxAcknowledged >= 0, context + ": no batch was ever acknowledged");
  }

  /** Checks the file after a kill; returns its head. */
  private static long check(Path file, long maxAcknowledged, String round) {
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      assertEquals(List.of(), events.integrityCheck(), round + ": integrity_check");
      SqliteStateStore state = SqliteStateStore.sharing(events);
      long head = state.get(StateCrashChild.NAMESPACE, StateCrashChild.HEAD).map(StateCrashChild::number).orElse(-1L);
      assertTrue(head >= maxAcknowledged, round + ": head " + head + " lost acknowledged batch " + maxAcknowledged);
      Map<Long, List<StateEntry>> batches = new TreeMap<>();
      for (StateEntry entry : state.scan(StateCrashChild.NAMESPACE, KeyRange.prefix(org.walkaway.core.Bytes.of((byte) 'b')), Integer.MAX_VALUE)) {
        long n = java.nio.ByteBuffer.wrap(entry.key().toArray(), 1, 8).getLong();
        batches.computeIfAbsent(n, x -> new ArrayList<>()).add(entry);
      }
      List<Long> expected = new ArrayList<>();
      for (long n = Math.max(0, head - StateCrashChild.KEPT + 1); n <= head; n++) {
        expected.add(n);
      }
      assertEquals(expected, List.copyOf(batches.keySet()), round + ": batches present with head " + head);
      batches.forEach((n, entries) -> {
        long k = StateCrashChild.number(entries.getFirst().value());
        assertEquals(k, entries.size(), round + ": batch " + n + " is whole");
        for (StateEntry entry : entries) {
          assertEquals(k, StateCrashChild.number(entry.value()), round + ": batch " + n);
        }
      });
      return head;
    }
  }

  private static Process start(Path file, long seed, Path stdout, Path stderr) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(classPath());
    command.add(StateCrashChild.class.getName());
    command.add(file.toString());
    command.add(Long.toString(seed));
    // Output to files, not pipes: what the child wrote before the kill is then read whole.
    return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
  }

  private static boolean awaitReady(Process child, Path stdout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (lines(stdout).contains("READY")) {
        return true;
      }
      if (!child.isAlive()) {
        return false;
      }
      Thread.sleep(10);
    }
    return false;
  }

  /** The whole lines written so far; a line cut short by the kill is not one. */
  private static List<String> lines(Path stdout) throws IOException {
    String text = Files.readString(stdout, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  /** As in {@link CrashTest}: the test's module path, class path and test classes, all on a class path. */
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
      entries.add(0, Path.of(StateCrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    } catch (URISyntaxException | NullPointerException e) {
      entries.add(0, Path.of(System.getProperty("basedir", "."), "target", "test-classes").toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}

package org.walkaway.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogKey;
import org.walkaway.core.SigningKey;
import org.walkaway.store.sqlite.SqliteStoreException.Kind;

/**
 * Kill -9 at random moments: a child JVM ({@link CrashChild}) appends single events and batches and
 * prints each acknowledged id; the test kills it with SIGKILL ({@link Process#destroyForcibly}) after
 * a random delay, some kills landing while the child is still starting or opening the store. After
 * each kill the store must open, pass SQLite's {@code integrity_check}, hold every acknowledged
 * event, and hold each log as an unbroken chain of backlinks from seq 0 to its height.
 *
 * <p>{@code -Dwalkaway.crash.kills=N} sets the number of kills (the build's default is small, to keep
 * CI short; README.md gives the long form) and {@code -Dwalkaway.crash.seed=S} replays a run's choices
 * (child seeds, delays; the timing of a kill relative to the child's work varies anyway).
 */
class CrashTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedEventSurvivesSigkill() throws Exception {
    int kills = Integer.getInteger("walkaway.crash.kills", 12);
    long seed = Long.getLong("walkaway.crash.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    Path file = dir.resolve("events.db");
    Set<Hash> acknowledged = new HashSet<>();
    List<Integer> perKill = new ArrayList<>();
    String context = "seed " + seed + " (-Dwalkaway.crash.seed=" + seed + ")";
    for (int kill = 1; kill <= kills; kill++) {
      String round = context + ", kill " + kill + " of " + kills;
      Child child = Child.start(file, random.nextLong(), dir, kill);
      try {
        boolean fromStart = kill % 4 == 0; // some kills land during start-up and open
        if (fromStart) {
          Thread.sleep(random.nextLong(50, 900));
        } else {
          if (!child.awaitReady()) {
            fail(round + ": the child did not open the store; its stderr: " + child.stderr());
          }
          if (kill == 1) {
            SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> SqliteEventStore.open(file));
            assertEquals(Kind.IN_USE, e.kind(), round);
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
          }
          Thread.sleep(random.nextLong(0, 1200));
        }
      } finally {
        // SIGKILL on Linux; also when the test fails above, so that no child outlives it.
        child.process.destroyForcibly();
        child.process.waitFor();
      }
      if (child.failure() != null) {
        fail(round + ": the child reported " + child.failure() + "; its stderr: " + child.stderr());
      }
      List<Hash> acks = child.acks();
      acknowledged.addAll(acks);
      checkStore(file, acknowledged, round);
      perKill.add(acks.size());
    }
    System.out.println(
        "CrashTest: " + kills + " SIGKILLs, " + acknowledged.size() + " acknowledged events all present; "
            + "acknowledged per kill " + perKill + "; " + context);
    assertTrue(acknowledged.size() > 0, context + ": no event was ever acknowledged");
  }

  private static void checkStore(Path file, Set<Hash> acknowledged, String round) {
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      assertEquals(List.of(), store.integrityCheck(), round + ": integrity_check");
      for (Hash id : acknowledged) {
        if (store.get(id).isEmpty()) {
          fail(round + ": acknowledged event " + id + " is missing (" + acknowledged.size() + " acknowledged)");
        }
      }
      for (SigningKey author : CrashChild.authors()) {
        LogKey log = new LogKey(author.publicKey(), CrashChild.LOG);
        Optional<Event> latest = store.latest(log);
        if (latest.isEmpty()) {
          continue;
        }
        List<Event> chain = store.range(log, 0, latest.get().seqNum());
        assertEquals(latest.get().seqNum() + 1, chain.size(), round + ": log " + log + " has gaps");
        for (int seq = 1; seq < chain.size(); seq++) {
          assertEquals(
              Optional.of(chain.get(seq - 1).id()),
              chain.get(seq).header().backlink(),
              round + ": backlink of seq " + seq + " of " + log);
          assertTrue(chain.get(seq).body().isPresent(), round + ": body of seq " + seq);
        }
      }
    }
  }

  /**
   * A running child. Its output goes to a file, not a pipe: what the child wrote before it was
   * killed is then safely in the file, whereas a pipe's reader races with the JDK draining and
   * closing the pipe when the process dies.
   */
  private static final class Child {
    final Process process;
    final Path stdout;
    final Path stderr;

    private Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    static Child start(Path file, long seed, Path dir, int kill) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-cp");
      command.add(classPath());
      command.add(CrashChild.class.getName());
      command.add(file.toString());
      command.add(Long.toString(seed));
      Path stdout = dir.resolve("child-" + kill + ".out");
      Path stderr = dir.resolve("child-" + kill + ".err");
      Process process =
          new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      return new Child(process, stdout, stderr);
    }

    /** Waits until the child has opened the store; false if it died or took over a minute. */
    boolean awaitReady() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (lines().contains("READY")) {
          return true;
        }
        if (!process.isAlive()) {
          return false;
        }
        Thread.sleep(10);
      }
      return false;
    }

    /** The whole lines written so far; a line cut short by the kill is not one. */
    List<String> lines() throws IOException {
      String text = Files.readString(stdout, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    String failure() throws IOException {
      for (String line : lines()) {
        if (line.startsWith("FAILED")) {
          return line;
        }
      }
      return null;
    }

    List<Hash> acks() throws IOException {
      List<Hash> acks = new ArrayList<>();
      for (String line : lines()) {
        if (line.startsWith("ACK ")) {
          acks.add(Hash.fromHex(line.substring(4)));
        }
      }
      return acks;
    }

    String stderr() {
      try {
        return Files.readString(stderr);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }
  }

  /**
   * The child runs everything from the class path: this test's module path (the store and its
   * libraries), its class path (the event-core test-jar...), and the test classes themselves, which
   * surefire patches into the module rather than listing anywhere.
   */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(entry);
        }
      }
    }
    try {
      entries.add(0, Path.of(CrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    } catch (URISyntaxException | NullPointerException e) {
      entries.add(0, Path.of(System.getProperty("basedir", "."), "target", "test-classes").toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}

package org.walkaway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.cli.Walkaway.Result;
import org.walkaway.core.Blake3;

/** {@code walkaway conformance}, {@code export} and {@code import}, through {@link Main#run}. */
class BundleAndConformanceTest {
  @TempDir Path directory;
  private Walkaway walkaway;

  @BeforeEach
  void setUp() {
    walkaway = new Walkaway(directory);
  }

  private Result ok(String... args) {
    Result result = walkaway.run(args);
    assertEquals(0, result.exit(), result::toString);
    return result;
  }

  private void append(String key, String body) {
    ok("append", "--key", key, "--store", "store", "--log", "chat", "--body", body);
  }

  /** Two authors write to chat, one to another log: the bundle of chat is both chat logs only. */
  private void twoAuthorsChat() {
    ok("keygen", "--out", "alice.key");
    ok("keygen", "--out", "bob.key");
    append("alice.key", "hello from alice");
    append("bob.key", "hello from bob");
    append("alice.key", "meet at noon");
    ok("append", "--key", "alice.key", "--store", "store", "--log", "notes", "--body", "private");
  }

  @Test
  void conformancePassesEveryVectorFile() {
    Result result = ok("conformance");
    for (String file : new String[] {"event-header.json", "event-log.json", "rfc8032_test.json"}) {
      assertTrue(result.out().contains(file + " "), file + " missing in\n" + result);
    }
    assertTrue(result.out().lines().anyMatch(line -> line.matches("all \\d+ vectors pass")), result::toString);
    assertTrue(!result.out().contains("FAILED"), result::toString);
  }

  @Test
  void exportThenImportIntoAFreshStoreGivesTheSameLog() {
    twoAuthorsChat();
    Result exported = ok("export", "--store", "store", "--log", "chat", "--out", "chat.bundle");
    assertEquals("3", exported.field("events"));

    Result imported = ok("import", "--store", "copy", "--in", "chat.bundle");
    assertTrue(imported.out().contains(": 3 appended, 0 duplicate, 0 rejected"), imported::toString);
    assertEquals(
        ok("log", "--store", "store", "--log", "chat").out(),
        ok("log", "--store", "copy", "--log", "chat").out());
    assertTrue(walkaway.run("log", "--store", "copy", "--log", "notes").err().contains("no events"));

    Result again = ok("import", "--store", "copy", "--in", "chat.bundle");
    assertTrue(again.out().contains(": 0 appended, 3 duplicate, 0 rejected"), again::toString);
  }

  @Test
  void exportNeverOverwritesAFile() throws IOException {
    twoAuthorsChat();
    Files.writeString(directory.resolve("chat.bundle"), "mine");
    Result result = walkaway.run("export", "--store", "store", "--log", "chat", "--out", "chat.bundle");
    assertEquals(1, result.exit(), result::toString);
    assertEquals("mine", Files.readString(directory.resolve("chat.bundle")));
  }

  @Test
  void aTamperedBundleIsRefusedAndNothingIsImported() throws IOException {
    twoAuthorsChat();
    ok("export", "--store", "store", "--log", "chat", "--out", "chat.bundle");
    byte[] bundle = Files.readAllBytes(directory.resolve("chat.bundle"));

    // A changed byte without a new trailer: the BLAKE3 hash over the file no longer matches.
    byte[] flipped = bundle.clone();
    flipped[bundle.length / 2] ^= 1;
    Files.write(directory.resolve("flipped.bundle"), flipped);
    Result result = walkaway.run("import", "--store", "copy", "--in", "flipped.bundle");
    assertEquals(1, result.exit(), result::toString);
    assertTrue(result.err().contains("invalid bundle: the BLAKE3 trailer does not match"), result::toString);
    assertEquals("", result.out(), result::toString);

    // A forger who also recomputes the trailer: the changed body no longer matches its signed hash.
    byte[] forged = bundle.clone();
    int at = indexOf(forged, "meet at noon".getBytes(StandardCharsets.UTF_8));
    forged[at] = 'b';
    int content = forged.length - 32;
    System.arraycopy(Blake3.hash(Arrays.copyOf(forged, content), 32), 0, forged, content, 32);
    Files.write(directory.resolve("forged.bundle"), forged);
    result = walkaway.run("import", "--store", "copy", "--in", "forged.bundle");
    assertEquals(1, result.exit(), result::toString);
    assertTrue(result.err().contains("failed verification"), result::toString);
    assertTrue(result.err().contains("PAYLOAD_MISMATCH"), result::toString);

    Result listed = walkaway.run("log", "--store", "copy");
    assertTrue(listed.err().contains("no events"), listed::toString);
    assertEquals("", listed.out(), listed::toString);
  }

  @Test
  void aMissingBundleFileIsAFailure() {
    Result result = walkaway.run("import", "--store", "copy", "--in", "nothing.bundle");
    assertEquals(1, result.exit(), result::toString);
    assertTrue(result.err().contains("no bundle file nothing.bundle"), result::toString);
  }

  @Test
  void helpListsTheNewCommands() {
    Result result = ok("help");
    for (String command : new String[] {"export", "import", "conformance"}) {
      assertTrue(result.out().contains("  " + command + " "), command + " missing in\n" + result);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found: " + new String(needle, StandardCharsets.UTF_8));
  }
}

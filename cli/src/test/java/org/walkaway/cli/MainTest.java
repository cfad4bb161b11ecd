package org.walkaway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.cli.Walkaway.Result;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;

/** The commands end to end, through {@link Main#run}, as a user types them. */
class MainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private Result append(String body) {
    return ok("append", "--key", "alice.key", "--store", "store", "--log", "chat", "--body", body);
  }

  private static JsonNode json(Result result) throws IOException {
    return JSON.readTree(result.out());
  }

  /** {@code hex} with the bits of {@code mask} flipped in the byte at {@code index}. */
  private static String flip(String hex, int index, int mask) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    bytes[index] ^= (byte) mask;
    return HexFormat.of().formatHex(bytes);
  }

  @Nested
  class Usage {
    @Test
    void noCommandPrintsTheOverviewAndExits2() {
      Result result = walkaway.run();
      assertEquals(2, result.exit());
      assertTrue(result.err().contains("commands:"), result::toString);
    }

    @Test
    void helpListsEveryCommand() {
      Result result = ok("help");
      for (String command : new String[] {"keygen", "append", "inspect", "verify", "log", "demo", "help"}) {
        assertTrue(result.out().contains("  " + command + " "), command + " missing in\n" + result);
      }
    }

    @Test
    void helpOfOneCommandShowsItsOptions() {
      Result result = ok("help", "append");
      assertTrue(result.out().startsWith("usage: walkaway append --key FILE"), result::toString);
      assertTrue(result.out().contains("--body-file F"), result::toString);
      assertEquals(result.out(), ok("append", "--help").out());
      assertEquals(result.out(), ok("append", "-h").out());
    }

    @Test
    void unknownCommandSuggestsTheNearestOne() {
      Result result = walkaway.run("verfy");
      assertEquals(2, result.exit());
      assertTrue(result.err().contains("unknown command 'verfy'; did you mean verify?"), result::toString);
    }

    @Test
    void missingOptionExits2WithAOneLineHint() {
      Result result = walkaway.run("append", "--store", "s", "--log", "chat", "--body", "x");
      assertEquals(2, result.exit());
      assertEquals(
          """
          walkaway append: missing --key FILE
          usage: walkaway append --key FILE --store DIR --log NAME (--body TEXT | --body-file F)   (details: walkaway help append)
          """,
          result.err());
      assertEquals("", result.out());
    }

    @Test
    void unknownOptionSuggestsTheNearestOne() {
      Result result = walkaway.run("log", "--stor", "s");
      assertEquals(2, result.exit());
      assertTrue(result.err().startsWith("walkaway log: unknown option --stor; did you mean --store?"), result::toString);
    }

    @Test
    void bodyAndBodyFileTogetherAreAUsageError() {
      Result result =
          walkaway.run("append", "--key", "k", "--store", "s", "--log", "l", "--body", "x", "--body-file", "f");
      assertEquals(2, result.exit());
      assertTrue(result.err().contains("either --body or --body-file, not both"), result::toString);
    }

    @Test
    void nonHexIsAUsageError() {
      Result result = walkaway.run("verify", "--header", "88zz");
      assertEquals(2, result.exit());
      assertTrue(result.err().contains("--header must be hex, but character 3 is 'z'"), result::toString);
    }
  }

  @Nested
  class Keygen {
    @Test
    void writesTheSeedAsOneHexLineReadableOnlyByTheOwner() throws IOException {
      Result result = ok("keygen", "--out", "alice.key");
      Path file = directory.resolve("alice.key");
      String content = Files.readString(file);
      assertTrue(content.matches("[0-9a-f]{64}\n"), content);
      SigningKey key = SigningKey.fromSeedHex(content);
      assertEquals("public " + key.publicKey().toHex() + "\n", result.out());
      PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (posix != null) {
        assertEquals("rw-------", PosixFilePermissions.toString(posix.readAttributes().permissions()));
      }
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws IOException {
      Files.writeString(directory.resolve("alice.key"), "precious\n");
      Result result = walkaway.run("keygen", "--out", "alice.key");
      assertEquals(1, result.exit());
      assertTrue(result.err().contains("already exists; walkaway never overwrites a key"), result::toString);
      assertEquals("precious\n", Files.readString(directory.resolve("alice.key")));
    }

    @Test
    void withoutOutPrintsTheSecretAndWarns() {
      Result result = ok("keygen");
      SigningKey key = SigningKey.fromSeedHex(result.field("secret"));
      assertEquals(key.publicKey().toHex(), result.field("public"));
      assertTrue(result.err().startsWith("warning: printing the secret key"), result::toString);
    }
  }

  @Nested
  class Append {
    @BeforeEach
    void key() {
      ok("keygen", "--out", "alice.key");
    }

    @Test
    void continuesTheLogAcrossInvocations() throws IOException {
      Result first = append("hello");
      Result second = append("again");
      assertEquals("0", first.field("seq"));
      assertEquals("1", second.field("seq"));
      assertEquals(LogId.ofTopic("chat").toHex(), second.field("log"));
      assertEquals("68656c6c6f", first.field("body"));

      JsonNode header = json(ok("inspect", second.field("header"), "--body", second.field("body")));
      assertEquals(first.field("id"), header.get("backlink").asText());
      assertEquals(second.field("id"), header.get("id").asText());
      assertEquals(1, header.get("seqNum").asInt());
      assertEquals(Walkaway.NOW.toString(), header.get("extensions").get("timestamp").asText());
      assertTrue(header.get("valid").asBoolean());
    }

    @Test
    void logsAreSeparateByName() {
      append("in chat");
      Result other =
          ok("append", "--key", "alice.key", "--store", "store", "--log", "notes", "--body", "x");
      assertEquals("0", other.field("seq"));
      assertEquals(LogId.ofTopic("notes").toHex(), other.field("log"));
    }

    @Test
    void readsTheBodyFromAFile() throws IOException {
      byte[] bytes = {0, 1, 2, (byte) 0xff};
      Files.write(directory.resolve("body.bin"), bytes);
      Result result =
          ok("append", "--key", "alice.key", "--store", "store", "--log", "chat", "--body-file", "body.bin");
      assertEquals("000102ff", result.field("body"));
      Result listed = ok("log", "--store", "store");
      assertTrue(listed.out().contains("body     hex 000102ff"), listed::toString);
    }

    @Test
    void aMissingKeyFileSaysHowToMakeOne() {
      Result result =
          walkaway.run("append", "--key", "bob.key", "--store", "store", "--log", "chat", "--body", "x");
      assertEquals(1, result.exit());
      assertTrue(result.err().contains("create one with: walkaway keygen --out"), result::toString);
    }

    @Test
    void aFileThatIsNotAKeyIsRefused() throws IOException {
      Files.writeString(directory.resolve("notes.txt"), "just some notes\n");
      Result result =
          walkaway.run("append", "--key", "notes.txt", "--store", "store", "--log", "chat", "--body", "x");
      assertEquals(1, result.exit());
      assertTrue(result.err().contains("is not a walkaway key file"), result::toString);
    }
  }

  @Nested
  class InspectAndVerify {
    private Result event;

    @BeforeEach
    void event() {
      ok("keygen", "--out", "alice.key");
      event = append("hello");
    }

    @Test
    void inspectShowsEveryFieldOfAValidHeader() throws IOException {
      JsonNode node = json(ok("inspect", event.field("header")));
      assertEquals(1, node.get("version").asInt());
      assertEquals(event.field("author"), node.get("author").asText());
      assertEquals(128, node.get("signature").asText().length());
      assertEquals(0, node.get("seqNum").asInt());
      assertEquals(5, node.get("payloadSize").asInt());
      assertEquals(64, node.get("payloadHash").asText().length());
      assertTrue(node.get("backlink").isNull());
      JsonNode extensions = node.get("extensions");
      assertEquals(event.field("log"), extensions.get("logId").asText());
      long micros = Walkaway.NOW.getEpochSecond() * 1_000_000L + Walkaway.NOW.getNano() / 1_000;
      assertEquals(micros, extensions.get("timestampMicros").asLong());
      assertFalse(extensions.get("prune").asBoolean());
      assertEquals(0, extensions.get("previous").size());
      assertEquals(event.field("id"), node.get("id").asText());
      assertTrue(node.get("valid").asBoolean());
      assertFalse(node.has("reason"));
    }

    @Test
    void inspectOfATamperedHeaderShowsItsFieldsAndWhyItIsInvalid() throws IOException {
      String header = event.field("header");
      Result result = walkaway.run("inspect", flip(header, header.length() / 2 - 3, 0x01));
      assertEquals(1, result.exit(), result::toString);
      JsonNode node = json(result);
      assertEquals(event.field("author"), node.get("author").asText());
      assertFalse(node.get("valid").asBoolean());
      assertEquals("BAD_SIGNATURE", node.get("reason").asText());
      assertTrue(node.get("message").asText().contains("does not verify"));
    }

    @Test
    void inspectOfBytesThatAreNoHeaderGivesOnlyTheVerdict() throws IOException {
      Result result = walkaway.run("inspect", "00");
      assertEquals(1, result.exit(), result::toString);
      JsonNode node = json(result);
      assertEquals(3, node.size(), result::toString);
      assertFalse(node.get("valid").asBoolean());
      assertEquals("MALFORMED", node.get("reason").asText());
      assertFalse(node.get("message").asText().isEmpty());
    }

    @Test
    void inspectChecksTheBodyWhenGiven() throws IOException {
      Result result = walkaway.run("inspect", event.field("header"), "--body", "6a656c6c6f");
      assertEquals(1, result.exit(), result::toString);
      assertEquals("PAYLOAD_MISMATCH", json(result).get("reason").asText());
    }

    @Test
    void inspectReadsHexOrRawBytesFromAFile() throws IOException {
      String header = event.field("header");
      Files.writeString(directory.resolve("header.hex"), header + "\n");
      Files.write(directory.resolve("header.bin"), HexFormat.of().parseHex(header));
      assertEquals(event.field("id"), json(ok("inspect", "--file", "header.hex")).get("id").asText());
      assertEquals(event.field("id"), json(ok("inspect", "--file", "header.bin")).get("id").asText());
    }

    @Test
    void inspectNeedsExactlyOneHeader() {
      assertEquals(2, walkaway.run("inspect").exit());
      assertEquals(2, walkaway.run("inspect", "00", "--file", "x").exit());
      assertEquals(2, walkaway.run("inspect", "00", "11").exit());
    }

    @Test
    void verifyPrintsTheIdOfAValidEvent() {
      Result result = ok("verify", "--header", event.field("header"), "--body", event.field("body"));
      assertEquals(event.field("id") + "\n", result.out());
      assertEquals("", result.err());
    }

    @Test
    void verifyRejectsATamperedHeader() {
      String header = event.field("header");
      // Every byte of the signed part matters; try one in the author key, one in the payload hash.
      for (int index : new int[] {10, header.length() / 2 - 50}) {
        Result result = walkaway.run("verify", "--header", flip(header, index, 0x40));
        assertEquals(1, result.exit(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("invalid: "), result::toString);
      }
      Result signature = walkaway.run("verify", "--header", flip(header, 40, 0x01));
      assertEquals(1, signature.exit());
      assertTrue(signature.err().startsWith("invalid: BAD_SIGNATURE: "), signature::toString);
    }

    @Test
    void verifyRejectsAWrongBody() {
      Result result = walkaway.run("verify", "--header", event.field("header"), "--body", "00");
      assertEquals(1, result.exit());
      assertTrue(result.err().startsWith("invalid: PAYLOAD_MISMATCH: the body is 1 bytes"), result::toString);
    }

    @Test
    void verifyRejectsGarbage() {
      Result result = walkaway.run("verify", "--header", "ff00");
      assertEquals(1, result.exit());
      assertTrue(result.err().startsWith("invalid: "), result::toString);
    }
  }

  @Nested
  class Log {
    @Test
    void listsEventsInOrderWithTheirBodies() {
      ok("keygen", "--out", "alice.key");
      append("first");
      append("line\nbreak");
      Result result = ok("log", "--store", "store", "--log", "chat");
      String out = result.out();
      assertTrue(out.indexOf("seq      0") < out.indexOf("seq      1"), out);
      assertTrue(out.contains("body     \"first\""), out);
      assertTrue(out.contains("body     \"line\\nbreak\""), out);
      assertTrue(out.contains(LogId.ofTopic("chat").toHex() + " (chat)"), out);
      assertTrue(out.contains("time     " + Walkaway.NOW), out);
    }

    @Test
    void filtersByLogAndAuthor() {
      ok("keygen", "--out", "alice.key");
      ok("keygen", "--out", "bob.key");
      String alice = append("from alice").field("author");
      String bob =
          ok("append", "--key", "bob.key", "--store", "store", "--log", "chat", "--body", "from bob")
              .field("author");
      ok("append", "--key", "bob.key", "--store", "store", "--log", "notes", "--body", "note");

      assertEquals(3, ok("log", "--store", "store").out().split("\nevent ").length);
      String bobs = ok("log", "--store", "store", "--author", bob).out();
      assertTrue(bobs.contains("from bob") && bobs.contains("note") && !bobs.contains("alice"), bobs);
      String chat = ok("log", "--store", "store", "--log", "chat").out();
      assertTrue(chat.contains("from alice") && chat.contains("from bob") && !chat.contains("note"), chat);
      String alicesNotes = ok("log", "--store", "store", "--log", "notes", "--author", alice).out();
      assertEquals("", alicesNotes);
    }

    @Test
    void aMissingStoreIsAnError() {
      Result result = walkaway.run("log", "--store", "nowhere");
      assertEquals(1, result.exit());
      assertTrue(result.err().contains("no event store in"), result::toString);
      assertFalse(Files.exists(directory.resolve("nowhere")));
    }

    @Test
    void aBadAuthorIsAUsageError() {
      Result result = walkaway.run("log", "--store", "store", "--author", "abcd");
      assertEquals(2, result.exit());
      assertTrue(result.err().contains("--author must be a 32-byte public key"), result::toString);
    }
  }

  @Nested
  class Demo {
    @Test
    void tellsTheWholeStoryAndKeepsTheFilesInDir() {
      Result result = ok("demo", "--dir", "demo");
      String out = result.out();
      for (String expected :
          new String[] {
            "$ walkaway keygen --out alice.key",
            "$ walkaway append --key alice.key --store store --log chat --body 'hello, world'",
            "\"valid\": true",
            "invalid: BAD_SIGNATURE: ",
            "rejected: BACKLINK_MISMATCH: ",
            "rejected: FORK: ",
            "Every outcome was as told."
          }) {
        assertTrue(out.contains(expected), "missing '" + expected + "' in\n" + result);
      }
      assertTrue(Files.exists(directory.resolve("demo/alice.key")));
      // The store kept the three honest events, and the fork evidence, across the demo's opens.
      Result log = ok("log", "--store", "demo/store");
      assertEquals(3, log.out().split("\nevent ").length, log::toString);
    }

    @Test
    void refusesADirectoryThatIsNotEmpty() throws IOException {
      Files.createDirectories(directory.resolve("busy"));
      Files.writeString(directory.resolve("busy/file"), "x");
      Result result = walkaway.run("demo", "--dir", "busy");
      assertEquals(1, result.exit());
      assertTrue(result.err().contains("is not empty"), result::toString);
    }
  }
}

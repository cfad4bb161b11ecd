package org.walkaway.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.ForkEvidence;

/**
 * {@code walkaway demo}: the whole story in a scratch directory, narrated. Every step runs for
 * real, through the same commands a user types (shown with a {@code $} prompt), and the demo checks
 * each outcome, so it doubles as a smoke test: it exits 1 if anything turns out other than told.
 */
final class DemoCommand implements Command {
  static final Option DIR =
      Option.withValue("--dir", "DIR", "work in DIR (new or empty) and keep the files afterwards");

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
  private static final String LOG = "chat";

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String synopsis() {
    return "[--dir DIR]";
  }

  @Override
  public String summary() {
    return "run the whole story in a scratch directory, narrated";
  }

  @Override
  public String description() {
    return """
        Creates a key, appends three signed events to a log, lists, inspects and verifies them;
        then shows a one-bit change to a header failing verification (BAD_SIGNATURE), and the
        store refusing a forged backlink (BACKLINK_MISMATCH) and a fork (FORK). Each step prints
        the command it runs and its output. Works in a temporary directory that is deleted at the
        end, or in DIR (which must be new or empty), which is kept.
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(DIR);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    Optional<Path> kept = arguments.value(DIR.name()).map(context::resolve);
    Path directory = kept.isPresent() ? prepare(kept.get()) : temporaryDirectory();
    try {
      new Story(context, directory).tell();
      context.out().println();
      context.out().println(
          kept.isPresent()
              ? "Every outcome was as told. The files are in " + directory + "."
              : "Every outcome was as told. The scratch directory is deleted now; run"
                  + " 'walkaway demo --dir DIR' to keep the files.");
      return Cli.OK;
    } finally {
      if (kept.isEmpty()) {
        deleteRecursively(directory);
      }
    }
  }

  /** The narration and the checks, step by step. */
  private static final class Story {
    private final Context context;
    private final PrintStream out;
    private final Path directory;

    Story(Context context, Path directory) {
      this.context = context;
      this.out = context.out();
      this.directory = directory;
    }

    void tell() {
      out.println("Walkaway demo: a key, a signed log, and what tampering and forgery run into.");
      out.println("Each '$' line is a real command; you can type the same ones yourself.");
      out.println();
      out.println("$ cd " + quote(directory.toString()));

      say("1. Alice creates a signing key. The file holds her secret; the public key is her",
          "   identity as an author.");
      String publicKey = field(run(0, "keygen", "--out", "alice.key").out(), "public");

      say("2. She appends three events to her log \"chat\". Each one carries the hash of the one",
          "   before it (its backlink) and is signed, so the log is a signed hash chain.");
      List<String> appended = new ArrayList<>();
      for (String text : List.of("hello, world", "meet at the lake at noon", "bring bread")) {
        appended.add(
            run(0, "append", "--key", "alice.key", "--store", "store", "--log", LOG, "--body", text)
                .out());
      }
      String header = field(appended.get(1), "header");
      String body = field(appended.get(1), "body");
      String id = field(appended.get(1), "id");

      say("3. The store lists the log. It is a directory with one append-only file; every",
          "   event in it is verified again whenever the store is opened.");
      run(0, "log", "--store", "store", "--log", LOG);

      say("4. Anyone can read a header, and checking it needs no secret. The second event:");
      run(0, "inspect", header);

      say("5. Verifying the header with its body prints the event id:");
      Step verified = run(0, "verify", "--header", header, "--body", body);
      expect(verified.out().strip().equals(id), "verify prints the id");

      say("6. Mallory flips one bit of that header, in the payload hash, to pass off another",
          "   body as Alice's. The signature covers every byte, so it no longer verifies:");
      String tampered = flipPayloadHashBit(header, body);
      Step rejected = run(1, "verify", "--header", tampered);
      expect(rejected.transcript().startsWith("invalid: BAD_SIGNATURE: "), "verify says BAD_SIGNATURE");

      say("7. Not even Alice's own key can rewrite history. She signs a fourth event whose",
          "   backlink names event 0 instead of event 2; the signature is fine, the store",
          "   refuses it. ('walkaway append' only signs the honest next event, so this step",
          "   and the next call the library directly.)");
      forgeries(publicKey);

      say("9. The log is as it was:");
      run(0, "log", "--store", "store", "--log", LOG);
    }

    private void forgeries(String publicKey) {
      SigningKey key = KeyFile.read(directory.resolve("alice.key"), context::warn);
      try (DirectoryEventStore store =
          DirectoryEventStore.openExisting(directory.resolve("store"), context::warn)) {
        LogId logId = LogId.ofTopic(LOG);
        LogKey log = new LogKey(key.publicKey(), logId);
        expect(key.publicKey().toHex().equals(publicKey), "the key file holds the printed key");
        Event first = store.get(log, 0).orElseThrow();
        long now = Inputs.micros(context.clock().instant());

        Event forged =
            EventBuilder.create()
                .seqNum(3, Optional.of(first.id()))
                .logId(logId)
                .timestampMicros(now)
                .body(Body.ofText("I never said bread"))
                .sign(key);
        out.println("  store.append(seq 3, backlink " + abbreviate(first.id()) + ")");
        reportRejection(store.append(forged), Rejection.Reason.BACKLINK_MISMATCH);

        say("8. Nor can she tell two stories. A second, different event at seq 1 (a fork) is",
            "   refused, and both signed headers are kept as proof that she equivocated:");
        Event fork =
            EventBuilder.following(first)
                .timestampMicros(now)
                .body(Body.ofText("meet at the bridge at noon"))
                .sign(key);
        out.println("  store.append(another seq 1, backlink " + abbreviate(first.id()) + ")");
        reportRejection(store.append(fork), Rejection.Reason.FORK);
        List<ForkEvidence> evidence = store.forks(key.publicKey());
        expect(evidence.size() == 1, "one piece of fork evidence");
        ForkEvidence proof = evidence.getFirst();
        out.println(
            "  evidence: seq " + proof.seqNum() + ", kept event " + abbreviate(Hash.of(proof.kept()))
                + ", refused event " + abbreviate(Hash.of(proof.rejected())));
      } finally {
        key.destroy();
      }
    }

    private void reportRejection(AppendResult result, Rejection.Reason expected) {
      if (!(result instanceof AppendResult.Rejected rejected)) {
        throw failure("the store accepted an event it should refuse with " + expected + ": " + result);
      }
      out.println("  rejected: " + rejected.rejection());
      expect(rejected.rejection().reason() == expected, "the reason is " + expected);
    }

    /** Runs a command as the user would, prints it and its output, checks its exit code. */
    private Step run(int expectedExit, String... args) {
      out.println();
      out.println("$ walkaway " + String.join(" ", quoteAll(args)));
      // Both streams go to the transcript in the order they were written; stdout is also kept
      // apart, for the values later steps use.
      ByteArrayOutputStream transcript = new ByteArrayOutputStream();
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      int exit;
      try (PrintStream capturedOut =
              new PrintStream(new Tee(transcript, stdout), true, StandardCharsets.UTF_8);
          PrintStream capturedErr = new PrintStream(transcript, true, StandardCharsets.UTF_8)) {
        Context inner = new Context(capturedOut, capturedErr, context.clock(), directory);
        exit = new Cli(inner).run(args);
      }
      String output = stdout.toString(StandardCharsets.UTF_8);
      out.print(transcript.toString(StandardCharsets.UTF_8));
      if (exit != 0) {
        out.println("(exit status " + exit + ")");
      }
      expect(exit == expectedExit, "'walkaway " + args[0] + "' exits with " + expectedExit);
      return new Step(output, transcript.toString(StandardCharsets.UTF_8));
    }

    private void say(String... lines) {
      out.println();
      for (String line : lines) {
        out.println(line);
      }
    }
  }

  /** What a command printed: its standard output, and both streams in the order written. */
  private record Step(String out, String transcript) {}

  /** Writes everything to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }

  /** The header with one bit flipped in its payload hash (found as the body's BLAKE3 hash). */
  static String flipPayloadHashBit(String headerHex, String bodyHex) {
    byte[] header = Inputs.hex("header", headerHex);
    byte[] hash = Hash.of(Inputs.hex("body", bodyHex)).bytes().toArray();
    for (int at = 0; at + hash.length <= header.length; at++) {
      if (Arrays.equals(header, at, at + hash.length, hash, 0, hash.length)) {
        header[at] ^= 0x01;
        return HexFormat.of().formatHex(header);
      }
    }
    throw failure("the header does not contain its payload hash");
  }

  private static String field(String output, String name) {
    return output
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.substring(name.length() + 1))
        .findFirst()
        .orElseThrow(() -> failure("the output has no '" + name + "' line"));
  }

  private static String abbreviate(Hash id) {
    return id.toHex().substring(0, 16) + "...";
  }

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw failure("expected: " + what);
    }
  }

  private static CommandException failure(String what) {
    return new CommandException("the demo went off script (a bug in walkaway): " + what);
  }

  private static List<String> quoteAll(String[] args) {
    return Stream.of(args).map(DemoCommand::quote).toList();
  }

  /** {@code word} as a POSIX shell word. */
  static String quote(String word) {
    if (!word.isEmpty() && SHELL_SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static Path prepare(Path directory) {
    try {
      if (Files.exists(directory)) {
        if (!Files.isDirectory(directory)) {
          throw new CommandException(directory + " is a file; give --dir a new or empty directory");
        }
        try (Stream<Path> entries = Files.list(directory)) {
          if (entries.findAny().isPresent()) {
            throw new CommandException(
                directory + " is not empty; give --dir a new or empty directory, so the story"
                    + " starts from nothing");
          }
        }
      }
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new CommandException("cannot use " + directory + ": " + e.getMessage(), e);
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("walkaway-demo-");
    } catch (IOException e) {
      throw new CommandException(
          "cannot create a temporary directory (" + e.getMessage() + "); use --dir DIR", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Leaving a scratch directory behind is harmless; it is in the temporary directory.
    }
  }
}

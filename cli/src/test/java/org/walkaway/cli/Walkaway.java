package org.walkaway.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

/** Runs command lines in-process, in a given working directory, with output captured. */
final class Walkaway {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00.123456Z");

  private final Path directory;

  Walkaway(Path directory) {
    this.directory = directory;
  }

  /** What one command line did. */
  record Result(int exit, String out, String err) {
    /** The value of the first {@code name value} line of stdout. */
    String field(String name) {
      return out.lines()
          .filter(line -> line.startsWith(name + " "))
          .map(line -> line.substring(name.length() + 1))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no '" + name + "' line in:\n" + out + err));
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, o, e, InstantSource.fixed(NOW), directory);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}

package org.walkaway.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.store.AppendResult;
import org.walkaway.sync.Bundle;
import org.walkaway.sync.BundleImport;

/** {@code walkaway import}: verify a bundle file completely, then append its events to a store. */
final class ImportCommand implements Command {
  static final Option STORE =
      Option.withValue("--store", "DIR", "the store directory (created if needed)");
  static final Option IN = Option.withValue("--in", "FILE", "the bundle file to read");

  @Override
  public String name() {
    return "import";
  }

  @Override
  public String synopsis() {
    return "--store DIR --in FILE";
  }

  @Override
  public String summary() {
    return "verify a bundle file and append its events to a store";
  }

  @Override
  public String description() {
    return """
        Reads the bundle FILE (made by 'walkaway export') and checks all of it first: format,
        the BLAKE3 hash over the whole file, and every event's encoding, signature, body and
        log. If anything is wrong, nothing is imported: 'invalid bundle: why' on standard error,
        exit 1. Otherwise each event is appended to the store DIR in turn and reported as
        appended, duplicate (the store had it) or rejected with the store's reason (for example
        a missing predecessor or a fork); a rejected event does not stop the others. Prints one
        line per event and a summary; exits 0 when the bundle was valid.

        example:
          $ walkaway import --store other --in chat.bundle
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(STORE, IN);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    Path directory = context.resolve(arguments.required(STORE));
    String inName = arguments.required(IN);
    Path file = context.resolve(inName);
    // The file is read before the store is opened, so a missing file leaves no new directory.
    byte[] bundle;
    try {
      bundle = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandException("no bundle file " + inName);
    } catch (IOException e) {
      throw new CommandException("could not read " + inName + ": " + e.getMessage());
    }
    BundleImport outcome;
    try (DirectoryEventStore store = DirectoryEventStore.openOrCreate(directory, context::warn)) {
      outcome = Bundle.read(bundle, store, DecodeLimits.DEFAULT);
    }
    PrintStream out = context.out();
    return switch (outcome) {
      case BundleImport.Refused refused -> {
        context.err().println("invalid bundle: " + refused.reason() + "; nothing was imported");
        yield Cli.FAILED;
      }
      case BundleImport.Imported imported -> {
        for (AppendResult result : imported.results()) {
          out.println(describe(result));
        }
        out.println(
            "log " + imported.topic().toHex() + ": " + imported.appended() + " appended, "
                + imported.duplicates() + " duplicate, " + imported.rejected() + " rejected");
        yield Cli.OK;
      }
    };
  }

  private static String describe(AppendResult result) {
    return switch (result) {
      case AppendResult.Appended appended ->
          "appended  " + appended.event().id().toHex() + " seq " + appended.event().seqNum();
      case AppendResult.Duplicate duplicate -> "duplicate " + duplicate.id().toHex();
      case AppendResult.Rejected rejected ->
          "rejected  " + rejected.event().id().toHex() + " seq " + rejected.event().seqNum() + ": "
              + rejected.rejection().reason() + ": " + rejected.rejection().message();
    };
  }
}

package org.walkaway.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.walkaway.core.LogId;
import org.walkaway.sync.Bundle;

/** {@code walkaway export}: a topic's events, every author's log of it, into a bundle file. */
final class ExportCommand implements Command {
  static final Option STORE = Option.withValue("--store", "DIR", "the store directory");
  static final Option LOG = Option.withValue("--log", "NAME", "the log (topic) to export");
  static final Option OUT = Option.withValue("--out", "FILE", "the bundle file to create");

  @Override
  public String name() {
    return "export";
  }

  @Override
  public String synopsis() {
    return "--store DIR --log NAME --out FILE";
  }

  @Override
  public String summary() {
    return "write a log (every author's events of topic NAME) to a bundle file";
  }

  @Override
  public String description() {
    return """
        Writes the events of the log NAME in the store DIR, every author's, to a new bundle file
        (the sync module's format: the events as they are sent over the network, and a BLAKE3
        hash of the whole file, so that 'walkaway import' can tell a damaged or altered copy).
        Carry the file to another store on a USB stick or in a mail. An existing FILE is never
        replaced.

        example:
          $ walkaway export --store store --log chat --out chat.bundle
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(STORE, LOG, OUT);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    Path directory = context.resolve(arguments.required(STORE));
    String logName = arguments.required(LOG);
    String outName = arguments.required(OUT);
    Path file = context.resolve(outName);
    if (Files.exists(file)) {
      throw new CommandException(
          outName + " already exists; walkaway export never overwrites a file. Choose another --out FILE");
    }
    LogId topic = LogId.ofTopic(logName);
    Bundle.Written written;
    try (DirectoryEventStore store = DirectoryEventStore.openExisting(directory, context::warn);
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      written = Bundle.write(store, topic, Map.of(), out);
    } catch (IOException e) {
      throw new CommandException("could not write " + outName + ": " + e.getMessage());
    }
    context.out().println("events " + written.events());
    context.out().println("bytes " + written.bytes());
    context.out().println("log " + topic.toHex());
    if (written.events() == 0) {
      context.warn("the store " + directory + " holds no events of the log " + logName);
    }
    return Cli.OK;
  }
}

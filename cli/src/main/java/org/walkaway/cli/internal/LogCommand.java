package org.walkaway.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.Extensions;
import org.walkaway.core.Header;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;

/** {@code walkaway log}: the events of a store directory, log by log. */
final class LogCommand implements Command {
  static final Option STORE = Option.withValue("--store", "DIR", "the store directory");
  static final Option LOG = Option.withValue("--log", "NAME", "only the log (topic) NAME");
  static final Option AUTHOR = Option.withValue("--author", "HEX", "only events by this public key");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public String synopsis() {
    return "--store DIR [--log NAME] [--author HEX]";
  }

  @Override
  public String summary() {
    return "list the events of a store directory";
  }

  @Override
  public String description() {
    return """
        Lists the events in the store DIR, log by log in sequence order: id, author, log id, seq,
        timestamp, payload size, and the body as text when it is UTF-8 (quoted, with escapes)
        or as hex otherwise. --log and --author narrow the list. Log names are not stored (only
        their derived ids), so a log is shown by name only when --log names it.

        example:
          $ walkaway log --store store --log chat
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(STORE, LOG, AUTHOR);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    var directory = context.resolve(arguments.required(STORE));
    Optional<String> logName = arguments.value(LOG.name());
    Optional<LogId> logId = logName.map(LogId::ofTopic);
    Optional<PublicKey> author = arguments.value(AUTHOR.name()).map(LogCommand::author);
    PrintStream out = context.out();
    int shown = 0;
    try (DirectoryEventStore store = DirectoryEventStore.openExisting(directory, context::warn)) {
      for (LogKey log : store.logs()) {
        if (logId.filter(id -> !id.equals(log.logId())).isPresent()
            || author.filter(key -> !key.equals(log.author())).isPresent()) {
          continue;
        }
        for (Event event : store.range(log, 0, Header.MAX_U32)) {
          if (shown++ > 0) {
            out.println();
          }
          print(event, logName, out);
        }
      }
    }
    if (shown == 0) {
      context.err().println(
          "no events in " + directory
              + (logName.isPresent() || author.isPresent() ? " match the --log/--author given" : ""));
    }
    return Cli.OK;
  }

  private static PublicKey author(String hex) {
    byte[] bytes = Inputs.hex("--author", hex);
    if (bytes.length != PublicKey.LENGTH) {
      throw new UsageException(
          "--author must be a 32-byte public key (64 hex digits), got " + bytes.length + " bytes");
    }
    return new PublicKey(Bytes.of(bytes));
  }

  private static void print(Event event, Optional<String> logName, PrintStream out) {
    Header header = event.header();
    out.println("event " + event.id().toHex());
    out.println("  author   " + event.author().toHex());
    out.println(
        "  log      " + event.logId().toHex() + logName.map(name -> " (" + name + ")").orElse(""));
    out.println("  seq      " + event.seqNum());
    header
        .extensions()
        .map(Extensions::timestampMicros)
        .filter(micros -> micros.isPresent())
        .ifPresent(micros -> out.println("  time     " + Inputs.instantOfMicros(micros.getAsLong())));
    long size = header.payloadSize();
    out.println("  payload  " + size + (size == 1 ? " byte" : " bytes"));
    if (header.payloadSize() > 0) {
      out.println("  body     " + body(event.body()));
    }
  }

  private static String body(Optional<Body> body) {
    if (body.isEmpty()) {
      return "(not stored)";
    }
    byte[] bytes = body.get().bytes().toArray();
    return Inputs.utf8(bytes)
        .map(HeaderJson::quote)
        .orElseGet(() -> "hex " + body.get().bytes().toHex());
  }
}

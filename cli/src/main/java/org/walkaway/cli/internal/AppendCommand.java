package org.walkaway.cli.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.walkaway.core.Body;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;

/**
 * {@code walkaway append}: signs the next event of the author's log and stores it. The next event
 * follows the newest one of that log in the store, so running it twice makes a chain of two.
 */
final class AppendCommand implements Command {
  static final Option KEY =
      Option.withValue("--key", "FILE", "the author's key file (from keygen --out)");
  static final Option STORE =
      Option.withValue("--store", "DIR", "the store directory; created if it does not exist");
  static final Option LOG =
      Option.withValue("--log", "NAME", "the log (topic) name; its log id is derived from it");
  static final Option BODY = Option.withValue("--body", "TEXT", "the payload, as UTF-8 text");
  static final Option BODY_FILE =
      Option.withValue("--body-file", "F", "the payload, the bytes of file F");

  @Override
  public String name() {
    return "append";
  }

  @Override
  public String synopsis() {
    return "--key FILE --store DIR --log NAME (--body TEXT | --body-file F)";
  }

  @Override
  public String summary() {
    return "sign the next event of a log and add it to a store directory";
  }

  @Override
  public String description() {
    return """
        Signs a new event with the key in FILE and appends it to the author's log NAME in the store
        DIR. The log id is derived from NAME (LogId.ofTopic), the event carries a timestamp, and it
        follows the newest event of that log in the store: sequence number one more, backlink to
        its id. Prints the new event:

          id <hex>       BLAKE3 of the header bytes
          author <hex>   the public key
          log <hex>      the log id
          seq <n>        the position in the log, from 0
          header <hex>   the signed header, what 'inspect' and 'verify' take
          body <hex>     the payload (left out when empty)

        example:
          $ walkaway append --key alice.key --store store --log chat --body hello
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(KEY, STORE, LOG, BODY, BODY_FILE);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    Path keyFile = context.resolve(arguments.required(KEY));
    Path directory = context.resolve(arguments.required(STORE));
    String logName = arguments.required(LOG);
    byte[] payload = payload(arguments, context);
    LogId logId = LogId.ofTopic(logName);
    SigningKey key = KeyFile.read(keyFile, context::warn);
    try (DirectoryEventStore store = DirectoryEventStore.openOrCreate(directory, context::warn)) {
      LogKey log = new LogKey(key.publicKey(), logId);
      Event event =
          store
              .latest(log)
              .map(EventBuilder::following)
              .orElseGet(EventBuilder::create)
              .logId(logId)
              .timestampMicros(Inputs.micros(context.clock().instant()))
              .body(Body.of(payload))
              .sign(key);
      switch (store.append(event)) {
        case AppendResult.Appended appended -> print(event, context);
        case AppendResult.Duplicate duplicate -> {
          context.warn("the store already had this exact event");
          print(event, context);
        }
        case AppendResult.Rejected rejected ->
            throw new CommandException(
                "the store refused the new event: " + rejected.rejection()
                    + ". Check that DIR is the store this log was written to");
      }
      return Cli.OK;
    } finally {
      key.destroy();
    }
  }

  private static byte[] payload(Arguments arguments, Context context) {
    boolean text = arguments.value(BODY.name()).isPresent();
    boolean file = arguments.value(BODY_FILE.name()).isPresent();
    if (text == file) {
      throw new UsageException(
          text
              ? "give either --body or --body-file, not both"
              : "missing the payload: --body TEXT or --body-file F");
    }
    long limit = DecodeLimits.DEFAULT.maxPayloadBytes();
    if (file) {
      return Inputs.file(context.resolve(arguments.required(BODY_FILE)), limit, "the body file");
    }
    byte[] bytes = arguments.required(BODY).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limit) {
      throw new UsageException("--body is " + bytes.length + " bytes; the limit is " + limit);
    }
    return bytes;
  }

  private static void print(Event event, Context context) {
    context.out().println("id " + event.id().toHex());
    context.out().println("author " + event.author().toHex());
    context.out().println("log " + event.logId().toHex());
    context.out().println("seq " + event.seqNum());
    context.out().println("header " + event.headerBytes().toHex());
    event.body()
        .filter(body -> !body.bytes().isEmpty())
        .ifPresent(body -> context.out().println("body " + body.bytes().toHex()));
  }
}

package org.walkaway.cli.internal;

import java.util.List;
import java.util.Optional;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;

/** {@code walkaway inspect}: what a header says, as JSON, and whether it is valid. */
final class InspectCommand implements Command {
  static final Option FILE =
      Option.withValue("--file", "F", "read the header from file F (hex text or raw bytes)");
  static final Option BODY =
      Option.withValue("--body", "HEX", "also check this body against the header's size and hash");

  @Override
  public String name() {
    return "inspect";
  }

  @Override
  public String synopsis() {
    return "(HEX | --file F) [--body HEX]";
  }

  @Override
  public String summary() {
    return "show a header's fields as JSON, and whether it is valid";
  }

  @Override
  public String description() {
    return """
        Decodes a header and prints its fields as JSON: version, author, signature, seqNum,
        payloadSize, payloadHash, backlink, extensions (logId, timestampMicros, prune, previous,
        other fields as hex; or "opaque": hex for extensions in a foreign layout), and id, the
        BLAKE3 hash of the header bytes. Then "valid": true, or "valid": false with the reason
        code and a message. The fields are shown even when the signature does not verify; bytes
        that are not a header at all give only the verdict.

        Exits 0 if the header (and the body, if given) is valid, 1 if not.

        examples:
          $ walkaway inspect 88015820d2f69ec5...   (the header line printed by append)
          $ walkaway inspect --file header.hex
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(FILE, BODY);
  }

  @Override
  public int maxPositionals() {
    return 1;
  }

  @Override
  public int run(Arguments arguments, Context context) {
    Optional<String> file = arguments.value(FILE.name());
    if (file.isPresent() == !arguments.positionals().isEmpty()) {
      throw new UsageException(
          file.isPresent()
              ? "give the header either as HEX or with --file, not both"
              : "missing the header: give it as HEX, or --file F");
    }
    byte[] header =
        file.isPresent()
            ? Inputs.headerFile(context.resolve(file.get()))
            : Inputs.hex("the header", arguments.positionals().getFirst());
    Optional<byte[]> body = arguments.value(BODY.name()).map(hex -> Inputs.hex("--body", hex));

    switch (EventCodec.parseHeader(header, DecodeLimits.DEFAULT)) {
      case Verdict.Rejected<Header>(Rejection rejection) -> {
        context.out().println(HeaderJson.render(HeaderJson.invalid(rejection)));
        return Cli.FAILED;
      }
      case Verdict.Accepted<Header>(Header parsed) -> {
        var json = HeaderJson.of(parsed, Hash.of(header));
        return switch (EventCodec.decode(header, body, DecodeLimits.DEFAULT)) {
          case Verdict.Accepted<Event> accepted -> {
            context.out().println(HeaderJson.render(HeaderJson.valid(json)));
            yield Cli.OK;
          }
          case Verdict.Rejected<Event>(Rejection rejection) -> {
            context.out().println(HeaderJson.render(HeaderJson.invalid(json, rejection)));
            yield Cli.FAILED;
          }
        };
      }
    }
  }
}

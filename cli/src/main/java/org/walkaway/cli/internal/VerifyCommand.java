package org.walkaway.cli.internal;

import java.util.List;
import java.util.Optional;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;

/** {@code walkaway verify}: is this header (and body) valid? For scripts: the exit code says. */
final class VerifyCommand implements Command {
  static final Option HEADER = Option.withValue("--header", "HEX", "the encoded header");
  static final Option BODY =
      Option.withValue("--body", "HEX", "the body, checked against the header's size and hash");

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String synopsis() {
    return "--header HEX [--body HEX]";
  }

  @Override
  public String summary() {
    return "check a header (and body); exit 0 and print the id if valid, 1 if not";
  }

  @Override
  public String description() {
    return """
        Checks everything an event can say about itself: canonical encoding, field layout, the
        strict Ed25519 signature, and the body (if given) against the header's payload size and
        BLAKE3 hash. If all holds, prints the event id and exits 0. If not, prints
        'invalid: REASON: message' on standard error and exits 1; REASON is a stable code such as
        BAD_SIGNATURE, MALFORMED or PAYLOAD_MISMATCH.

        Whether the event fits its log (sequence number, backlink, forks) depends on the other
        events, so that is the store's check, not this one.

        example:
          $ walkaway verify --header 88015820d2f69ec5... --body 6d656574206174206e6f6f6e
          6776419c859ae0402c49fbfe4c57f7324929c546a142fc10beb8e103a308c9eb
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(HEADER, BODY);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    byte[] header = Inputs.hex("--header", arguments.required(HEADER));
    Optional<byte[]> body = arguments.value(BODY.name()).map(hex -> Inputs.hex("--body", hex));
    return switch (EventCodec.decode(header, body, DecodeLimits.DEFAULT)) {
      case Verdict.Accepted<Event>(Event event) -> {
        context.out().println(event.id().toHex());
        yield Cli.OK;
      }
      case Verdict.Rejected<Event>(Rejection rejection) -> {
        context.err().println("invalid: " + rejection.reason() + ": " + rejection.message());
        yield Cli.FAILED;
      }
    };
  }
}

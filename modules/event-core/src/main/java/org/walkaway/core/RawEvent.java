package org.walkaway.core;

import java.util.Objects;
import java.util.Optional;

/** An event as bytes off the wire or a file, not yet checked: header bytes and maybe a body. */
public record RawEvent(Bytes header, Optional<Bytes> body) {
  public RawEvent {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
  }

  public static RawEvent of(Event event) {
    return new RawEvent(event.headerBytes(), event.body().map(Body::bytes));
  }
}

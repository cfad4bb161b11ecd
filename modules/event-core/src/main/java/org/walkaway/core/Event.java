package org.walkaway.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A verified event: its id, its header, the header's bytes exactly as signed and received, and the
 * body when it is at hand.
 *
 * <p>Events come from {@link EventCodec#decode} (which checks everything the event can say about
 * itself: canonical encoding, signature, body against the header) or from {@link EventBuilder}
 * (which signs). The record's constructor checks none of that: it is public because a record's
 * must be, and it is meant for stores rebuilding events from bytes they verified on the way in.
 * Code that receives events from elsewhere must not trust an {@code Event} it did not decode.
 * Whether an event fits its log is the store's and {@link org.walkaway.core.store.LogValidation}'s
 * business.
 *
 * @param id BLAKE3 of {@code headerBytes}
 * @param header the decoded header
 * @param headerBytes the header as encoded, forwarded unchanged to other peers
 * @param body the payload, absent when pruned, withheld or not fetched yet
 */
public record Event(Hash id, Header header, Bytes headerBytes, Optional<Body> body) {
  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(headerBytes, "headerBytes");
    Objects.requireNonNull(body, "body");
  }

  public PublicKey author() {
    return header.author();
  }

  public long seqNum() {
    return header.seqNum();
  }

  public LogId logId() {
    return header.logId();
  }

  public LogKey logKey() {
    return header.logKey();
  }

  /** The same event without its body. */
  public Event withoutBody() {
    return body.isEmpty() ? this : new Event(id, header, headerBytes, Optional.empty());
  }

  /**
   * The same event with {@code body} attached.
   *
   * @throws RejectedException with {@link Rejection.Reason#PAYLOAD_MISMATCH} if the body does not
   *     match the header's payload size and hash
   */
  public Event withBody(Body body) {
    EventCodec.checkBody(header, body).orElseThrow();
    return new Event(id, header, headerBytes, Optional.of(body));
  }

  @Override
  public String toString() {
    return "Event[id=" + id + ", author=" + header.author() + ", log=" + header.logId() + ", seq="
        + header.seqNum() + ", payloadSize=" + header.payloadSize() + ", body="
        + (body.isPresent() ? "present" : "absent") + "]";
  }
}

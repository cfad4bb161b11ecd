package org.walkaway.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates and signs events.
 *
 * <pre>{@code
 * Event first = EventBuilder.create().logId(LogId.ofTopic("chat")).body(Body.ofText("hi")).sign(key);
 * Event second = EventBuilder.following(first).body(Body.ofText("again")).sign(key);
 * }</pre>
 */
public final class EventBuilder {
  private long seqNum;
  private Hash backlink;
  private Body body;
  private Extensions.Builder extensions;
  private Extensions opaque;

  private EventBuilder() {}

  /** The first event of a log (sequence number 0). */
  public static EventBuilder create() {
    return new EventBuilder();
  }

  /** The next event in {@code previous}'s log: sequence number one more, backlink to it, same log id. */
  public static EventBuilder following(Event previous) {
    EventBuilder builder = new EventBuilder();
    builder.seqNum = previous.seqNum() + 1;
    builder.backlink = previous.id();
    previous.header().extensions().flatMap(Extensions::logId).ifPresent(builder::logId);
    return builder;
  }

  /** Sets the position in the log explicitly; a backlink is then needed when {@code seqNum > 0}. */
  public EventBuilder seqNum(long seqNum, Optional<Hash> backlink) {
    this.seqNum = seqNum;
    this.backlink = backlink.orElse(null);
    return this;
  }

  public EventBuilder body(Body body) {
    this.body = Objects.requireNonNull(body, "body");
    return this;
  }

  public EventBuilder logId(LogId logId) {
    walkaway().logId(logId);
    return this;
  }

  public EventBuilder timestampMicros(long micros) {
    walkaway().timestampMicros(micros);
    return this;
  }

  public EventBuilder prune() {
    walkaway().prune(true);
    return this;
  }

  public EventBuilder previous(List<Hash> ids) {
    walkaway().previous(ids);
    return this;
  }

  /** Sets an extension field (key 5 and up) to one canonical CBOR item. */
  public EventBuilder field(long key, Bytes cborItem) {
    walkaway().field(key, cborItem);
    return this;
  }

  /** Uses {@code extensions} as they are (replacing anything set field by field). */
  public EventBuilder extensions(Extensions extensions) {
    this.opaque = Objects.requireNonNull(extensions, "extensions");
    this.extensions = null;
    return this;
  }

  private Extensions.Builder walkaway() {
    if (extensions == null) {
      extensions = opaque != null ? opaque.toBuilder() : Extensions.builder();
      opaque = null;
    }
    return extensions;
  }

  /** Signs the header with {@code key} and returns the event, body attached. */
  public Event sign(SigningKey key) {
    long payloadSize = body == null ? 0 : body.size();
    Optional<Hash> payloadHash = payloadSize > 0 ? Optional.of(body.hash()) : Optional.empty();
    Optional<Extensions> ext =
        extensions != null ? Optional.of(extensions.build()) : Optional.ofNullable(opaque);
    Signature placeholder = new Signature(Bytes.of(new byte[Signature.LENGTH]));
    Header unsigned =
        new Header(
            Header.VERSION,
            key.publicKey(),
            placeholder,
            payloadSize,
            payloadHash,
            seqNum,
            Optional.ofNullable(backlink),
            ext);
    Signature signature = key.sign(EventCodec.unsignedEncoding(unsigned));
    Header header =
        new Header(
            unsigned.version(),
            unsigned.author(),
            signature,
            unsigned.payloadSize(),
            unsigned.payloadHash(),
            unsigned.seqNum(),
            unsigned.backlink(),
            unsigned.extensions());
    Bytes headerBytes = EventCodec.encode(header);
    return new Event(
        Hash.of(headerBytes), header, headerBytes, Optional.ofNullable(body));
  }
}

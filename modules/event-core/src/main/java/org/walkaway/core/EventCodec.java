package org.walkaway.core;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.walkaway.core.internal.HeaderCodec;

/**
 * Encoding and decoding of events: the one place where bytes from a peer become an {@link Event}.
 *
 * <p>{@link #decode} checks everything an event can say about itself, in this order: size limits;
 * one canonical CBOR array (shortest integers, definite lengths, sorted map keys, no tags or floats,
 * no trailing bytes); the field layout and presence rules; version 1; the extensions layout; the
 * strict Ed25519 signature over the header without its signature; the body, if given, against the
 * payload size and BLAKE3 hash. The id is BLAKE3 of the header bytes exactly as received.
 *
 * <p>Every failure is a {@link Verdict.Rejected} whose {@link Rejection.Reason} names the rule; no
 * input makes it throw or allocate more than the {@link DecodeLimits} allow. Decoding is stateless
 * and thread-safe, so batches can be verified in parallel ahead of a pipeline.
 */
public final class EventCodec {
  private EventCodec() {}

  /** Decodes and fully checks a header without a body. */
  public static Verdict<Event> decode(byte[] header) {
    return decode(header, Optional.empty(), DecodeLimits.DEFAULT);
  }

  /** Decodes and fully checks a header and its body. */
  public static Verdict<Event> decode(byte[] header, byte[] body) {
    return decode(header, Optional.of(body), DecodeLimits.DEFAULT);
  }

  public static Verdict<Event> decode(Bytes header, Optional<Bytes> body) {
    return decode(header.toArray(), body.map(Bytes::toArray), DecodeLimits.DEFAULT);
  }

  public static Verdict<Event> decode(byte[] header, Optional<byte[]> body, DecodeLimits limits) {
    Verdict<Header> parsed = parseHeader(header, limits);
    if (!(parsed instanceof Verdict.Accepted<Header>(Header decoded))) {
      return Verdict.rejected(((Verdict.Rejected<Header>) parsed).rejection());
    }
    byte[] message = HeaderCodec.signedMessage(header);
    if (!decoded.author().verify(message, decoded.signature())) {
      return Verdict.rejected(
          Rejection.Reason.BAD_SIGNATURE,
          "the signature does not verify under author " + decoded.author()
              + " (strict Ed25519: S < L, no small-order key or R)");
    }
    Optional<Body> attached = Optional.empty();
    if (body.isPresent()) {
      Body candidate = Body.of(body.get());
      Verdict<Body> check = checkBody(decoded, candidate);
      if (check instanceof Verdict.Rejected<Body> rejected) {
        return Verdict.rejected(rejected.rejection());
      }
      attached = Optional.of(candidate);
    }
    return Verdict.accepted(new Event(Hash.of(header), decoded, Bytes.of(header), attached));
  }

  /**
   * Reads a header's fields and checks its encoding and shape, but not its signature. For tools that
   * show what a header says even when it is not valid; everything else wants {@link #decode}.
   */
  public static Verdict<Header> parseHeader(byte[] header, DecodeLimits limits) {
    Verdict<HeaderCodec.Fields> fields = HeaderCodec.decode(header, limits);
    if (!(fields instanceof Verdict.Accepted<HeaderCodec.Fields>(HeaderCodec.Fields f))) {
      return Verdict.rejected(((Verdict.Rejected<HeaderCodec.Fields>) fields).rejection());
    }
    Optional<Extensions> extensions = Optional.empty();
    if (f.extensions() != null) {
      Verdict<Extensions> parsed = Extensions.decodeCanonical(f.extensions());
      if (parsed instanceof Verdict.Rejected<Extensions> rejected) {
        return Verdict.rejected(rejected.rejection());
      }
      extensions = Optional.of(((Verdict.Accepted<Extensions>) parsed).value());
    }
    return Verdict.accepted(
        new Header(
            f.version(),
            new PublicKey(Bytes.of(f.publicKey())),
            new Signature(Bytes.of(f.signature())),
            f.payloadSize(),
            Optional.ofNullable(f.payloadHash()).map(Hash::fromBytes),
            f.seqNum(),
            Optional.ofNullable(f.backlink()).map(Hash::fromBytes),
            extensions));
  }

  /** The canonical encoding of a signed header. */
  public static Bytes encode(Header header) {
    return Bytes.of(HeaderCodec.encode(fields(header, true)));
  }

  /** The bytes an author signs: the header encoded without its signature element. */
  static byte[] unsignedEncoding(Header header) {
    return HeaderCodec.encode(fields(header, false));
  }

  /** Checks that {@code body} is the payload {@code header} describes. */
  public static Verdict<Body> checkBody(Header header, Body body) {
    return checkBody(header, body, body::hash);
  }

  /**
   * As {@link #checkBody(Header, Body)}, with the body's BLAKE3 hash already computed by the caller
   * (a receiver that hashed the bytes on arrival need not hash them twice). {@code bodyHash} must be
   * {@code Hash.of} of exactly these bytes: it is trusted, not recomputed.
   */
  public static Verdict<Body> checkBody(Header header, Body body, Hash bodyHash) {
    Objects.requireNonNull(bodyHash, "bodyHash");
    return checkBody(header, body, () -> bodyHash);
  }

  private static Verdict<Body> checkBody(Header header, Body body, Supplier<Hash> bodyHash) {
    if (body.size() != header.payloadSize()) {
      return Verdict.rejected(
          Rejection.Reason.PAYLOAD_MISMATCH,
          "the body is " + body.size() + " bytes but the header says " + header.payloadSize());
    }
    if (header.payloadHash().isPresent()) {
      Hash actual = bodyHash.get();
      if (!header.payloadHash().get().equals(actual)) {
        return Verdict.rejected(
            Rejection.Reason.PAYLOAD_MISMATCH,
            "the body's BLAKE3 hash " + actual + " differs from the header's " + header.payloadHash().get());
      }
    }
    return Verdict.accepted(body);
  }

  private static HeaderCodec.Fields fields(Header header, boolean withSignature) {
    return new HeaderCodec.Fields(
        header.version(),
        header.author().bytes().toArray(),
        withSignature ? header.signature().bytes().toArray() : null,
        header.payloadSize(),
        header.payloadHash().map(h -> h.bytes().toArray()).orElse(null),
        header.seqNum(),
        header.backlink().map(h -> h.bytes().toArray()).orElse(null),
        header.extensions().map(e -> e.encoded().toArray()).orElse(null));
  }
}

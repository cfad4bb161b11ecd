package org.walkaway.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.walkaway.core.Body;
import org.walkaway.core.Hash;
import org.walkaway.core.SigningKey;

/**
 * A header under construction for the vector generators: its elements without the signature, as raw
 * CBOR items, and how to sign them.
 *
 * <p>The signed message is the header with the signature element left out and the array one element
 * shorter: {@code arrayHead(n) || elements}. The signed header is {@code arrayHead(n + 1) ||
 * elements[0..2) || signature item || elements[2..n)}. Because every crafted defect is written into
 * the elements (or the array head) before signing, a defective header still carries a correct
 * signature over exactly its own bytes, and the defect under test is its only one.
 */
final class HeaderDraft {
  /** Index of the signature in the signed header: after version and public key. */
  static final int SIGNATURE_INDEX = 2;

  final List<byte[]> elements;
  IntFunction<byte[]> arrayHead = count -> Cbor.head(4, count);
  /** From the 64 signature bytes to the signature element. */
  UnaryOperator<byte[]> signatureItem = Cbor::bytes;
  /** What is signed; by default the signed message the format defines. */
  UnaryOperator<byte[]> message = UnaryOperator.identity();
  SigningKey signer;

  // What the header says, for the "expected" object of valid vectors.
  byte[] author;
  long payloadSize;
  Optional<Hash> payloadHash = Optional.empty();
  long seqNum;
  Optional<Hash> backlink = Optional.empty();
  Optional<byte[]> extensions = Optional.empty();
  Optional<WalkawayExtensions> walkaway = Optional.empty();
  Optional<Body> body = Optional.empty();

  private HeaderDraft(List<byte[]> elements) {
    this.elements = elements;
  }

  /** A canonical header: version 1, the signer's key, payload of {@code body}, seq and backlink. */
  static HeaderDraft of(SigningKey signer, Optional<Body> body, long seqNum, Optional<Hash> backlink) {
    long size = body.map(Body::size).orElse(0L);
    return of(signer, size, size > 0 ? body.map(Body::hash) : Optional.empty(), seqNum, backlink)
        .withBody(body);
  }

  /** A canonical header that describes a payload which need not be at hand. */
  static HeaderDraft of(
      SigningKey signer, long payloadSize, Optional<Hash> payloadHash, long seqNum, Optional<Hash> backlink) {
    byte[] author = signer.publicKey().bytes().toArray();
    List<byte[]> elements = new ArrayList<>();
    elements.add(Cbor.uint(1));
    elements.add(Cbor.bytes(author));
    elements.add(Cbor.uint(payloadSize));
    payloadHash.ifPresent(hash -> elements.add(Cbor.bytes(hash.bytes().toArray())));
    elements.add(Cbor.uint(seqNum));
    backlink.ifPresent(hash -> elements.add(Cbor.bytes(hash.bytes().toArray())));
    HeaderDraft draft = new HeaderDraft(elements);
    draft.signer = signer;
    draft.author = author;
    draft.payloadSize = payloadSize;
    draft.payloadHash = payloadHash;
    draft.seqNum = seqNum;
    draft.backlink = backlink;
    return draft;
  }

  /** Raw elements (without the signature), signed by {@code signer}. */
  static HeaderDraft raw(SigningKey signer, byte[]... elements) {
    HeaderDraft draft = new HeaderDraft(new ArrayList<>(List.of(elements)));
    draft.signer = signer;
    draft.author = signer.publicKey().bytes().toArray();
    return draft;
  }

  HeaderDraft withBody(Optional<Body> body) {
    this.body = body;
    return this;
  }

  /** Appends the extensions item. */
  HeaderDraft extensions(byte[] item) {
    elements.add(item);
    extensions = Optional.of(item);
    return this;
  }

  HeaderDraft extensions(WalkawayExtensions layout) {
    walkaway = Optional.of(layout);
    return extensions(layout.encode());
  }

  /** Replaces element {@code index} (counted without the signature). */
  HeaderDraft set(int index, byte[] item) {
    elements.set(index, item);
    return this;
  }

  HeaderDraft append(byte[] item) {
    elements.add(item);
    return this;
  }

  /** The message the format says is signed. */
  byte[] signedMessage() {
    return Cbor.concat(arrayHead.apply(elements.size()), Cbor.concat(elements.toArray(byte[][]::new)));
  }

  /** The signed header with {@code signatureBytes} in place, however they were made. */
  byte[] withSignature(byte[] signatureBytes) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(arrayHead.apply(elements.size() + 1));
    parts.addAll(elements.subList(0, SIGNATURE_INDEX));
    parts.add(signatureItem.apply(signatureBytes));
    parts.addAll(elements.subList(SIGNATURE_INDEX, elements.size()));
    return Cbor.concat(parts.toArray(byte[][]::new));
  }

  byte[] signature() {
    return signer.sign(message.apply(signedMessage())).bytes().toArray();
  }

  byte[] sign() {
    return withSignature(signature());
  }
}

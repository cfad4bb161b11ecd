package org.walkaway.core.testkit;

import java.util.ArrayList;
import java.util.List;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.SigningKey;

/**
 * Header bytes built by hand with {@link Cbor}, apart from event-core's encoder: for adversarial
 * inputs (wrong types, odd encodings) and for checking the real encoder against an independent one.
 */
public final class TestHeaders {
  private TestHeaders() {}

  /** The elements of {@code header} without its signature, encoded independently. */
  public static List<byte[]> unsignedElements(Header header) {
    List<byte[]> elements = new ArrayList<>();
    elements.add(Cbor.uint(header.version()));
    elements.add(Cbor.bytes(header.author().bytes().toArray()));
    elements.add(Cbor.uint(header.payloadSize()));
    header.payloadHash().map(TestHeaders::hashItem).ifPresent(elements::add);
    elements.add(Cbor.uint(header.seqNum()));
    header.backlink().map(TestHeaders::hashItem).ifPresent(elements::add);
    header.extensions().map(e -> e.encoded().toArray()).ifPresent(elements::add);
    return elements;
  }

  /** {@code header} encoded independently, signature included. */
  public static byte[] encode(Header header) {
    List<byte[]> elements = unsignedElements(header);
    elements.add(2, Cbor.bytes(header.signature().bytes().toArray()));
    return Cbor.array(elements);
  }

  /**
   * A header of {@code unsignedElements} (version, key, payload size, ...; no signature) signed by
   * {@code key}: the signature over their array is inserted as the third element. Whatever the
   * elements are, the signature is what a correct signer would make over them.
   */
  public static byte[] signed(SigningKey key, List<byte[]> unsignedElements) {
    byte[] signature = key.sign(Cbor.array(unsignedElements)).bytes().toArray();
    return withSignature(unsignedElements, Cbor.bytes(signature));
  }

  /** The elements with {@code signatureItem} inserted as the third element. */
  public static byte[] withSignature(List<byte[]> unsignedElements, byte[] signatureItem) {
    List<byte[]> all = new ArrayList<>(unsignedElements);
    all.add(2, signatureItem);
    return Cbor.array(all);
  }

  private static byte[] hashItem(Hash hash) {
    return Cbor.bytes(hash.bytes().toArray());
  }
}

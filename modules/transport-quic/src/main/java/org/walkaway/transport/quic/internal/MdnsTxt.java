package org.walkaway.transport.quic.internal;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.walkaway.transport.quic.SignedAddressRecord;

/**
 * Carries a {@link SignedAddressRecord} in DNS-SD TXT properties: {@code v=1}, then the encoded
 * record in chunks {@code r0, r1, …} of at most {@value #CHUNK} bytes (a TXT string holds at
 * most 255 bytes, key included). Whoever reads it must still verify the signature.
 */
public final class MdnsTxt {
  static final int CHUNK = 200;
  private static final int MAX_CHUNKS = 16;

  private MdnsTxt() {}

  public static Map<String, byte[]> encode(SignedAddressRecord record) {
    byte[] bytes = record.encode();
    Map<String, byte[]> properties = new LinkedHashMap<>();
    properties.put("v", new byte[] {'1'});
    for (int i = 0, off = 0; off < bytes.length; i++, off += CHUNK) {
      byte[] chunk = new byte[Math.min(CHUNK, bytes.length - off)];
      System.arraycopy(bytes, off, chunk, 0, chunk.length);
      properties.put("r" + i, chunk);
    }
    return properties;
  }

  /** The record in the properties, if they hold a well-formed one (its signature unchecked). */
  public static Optional<SignedAddressRecord> decode(Function<String, byte[]> property) {
    byte[] version = property.apply("v");
    if (version == null || version.length != 1 || version[0] != '1') {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < MAX_CHUNKS; i++) {
      byte[] chunk = property.apply("r" + i);
      if (chunk == null) {
        break;
      }
      out.writeBytes(chunk);
    }
    return SignedAddressRecord.decode(out.toByteArray());
  }
}

package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.CodecReader;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The wire form of an {@link X3dhHeader} on its own, canonical CBOR:
 *
 * <pre>
 *   [4, initiator: [identity: bstr(32), dhKey: bstr(32), signature: bstr(64)],
 *       ephemeralKey: bstr(32), signedPrekeyId: int, oneTimePrekeyId: int / null]
 * </pre>
 *
 * Inside a {@link ChannelMessage.Initial} the same four fields appear as an array of four, without
 * the tag. Decoding accepts exactly what encoding gives and refuses the rest with
 * {@link EncryptionFailure#MALFORMED}; signatures are not checked here (that is X3DH's job).
 */
public final class X3dhHeaderCodec {
  private X3dhHeaderCodec() {}

  public static Bytes encode(X3dhHeader header) {
    Objects.requireNonNull(header, "header");
    CodecWriter out = new CodecWriter(256).array(5).unsigned(CodecParts.X3DH_HEADER);
    CodecParts.writeX3dhFields(out, header);
    return Bytes.of(out.toByteArray());
  }

  public static Verdict<X3dhHeader> decode(Bytes encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return CodecParts.decode(encoded, "an X3DH header", (CodecReader in) -> {
      in.array(5, "an X3DH header");
      in.tag(CodecParts.X3DH_HEADER, "an X3DH header");
      return CodecParts.readX3dhFields(in);
    });
  }
}

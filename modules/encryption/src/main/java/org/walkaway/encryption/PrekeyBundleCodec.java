package org.walkaway.encryption;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Signature;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.CodecReader;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The wire form of a {@link PrekeyBundle}, canonical CBOR:
 *
 * <pre>
 *   [3, identity: [identity: bstr(32), dhKey: bstr(32), signature: bstr(64)],
 *       signedPrekey: [id: int, key: bstr(32), notBefore: int, notBeforeNanos: uint,
 *                      notAfter: int, notAfterNanos: uint, signature: bstr(64)],
 *       oneTimePrekeys: [* [id: int, key: bstr(32)]]]          at most MAX_ONE_TIME_PREKEYS
 * </pre>
 *
 * Decoding checks the shape only ({@link EncryptionFailure#MALFORMED} otherwise, including a
 * signed prekey whose lifetime ends before it begins); call {@link PrekeyBundle#verify} on the result.
 */
public final class PrekeyBundleCodec {
  /** The most one-time prekeys a bundle may carry: 100 KiB of keys, more than any peer needs to publish at once. */
  public static final int MAX_ONE_TIME_PREKEYS = 2048;

  private PrekeyBundleCodec() {}

  public static Bytes encode(PrekeyBundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    if (bundle.oneTimePrekeys().size() > MAX_ONE_TIME_PREKEYS) {
      throw new IllegalArgumentException("a bundle carries at most " + MAX_ONE_TIME_PREKEYS + " one-time prekeys, got "
          + bundle.oneTimePrekeys().size());
    }
    CodecWriter out = new CodecWriter(400 + 40 * bundle.oneTimePrekeys().size()).array(4).unsigned(CodecParts.PREKEY_BUNDLE);
    CodecParts.writeBinding(out, bundle.identity());
    SignedPrekey signed = bundle.signedPrekey();
    out.array(7).integer(signed.id()).bytes(signed.key().bytes().toArray());
    CodecParts.writeInstant(out, signed.notBefore());
    CodecParts.writeInstant(out, signed.notAfter());
    out.bytes(signed.signature().bytes().toArray());
    out.array(bundle.oneTimePrekeys().size());
    for (OneTimePrekey oneTime : bundle.oneTimePrekeys()) {
      out.array(2).integer(oneTime.id()).bytes(oneTime.key().bytes().toArray());
    }
    return Bytes.of(out.toByteArray());
  }

  public static Verdict<PrekeyBundle> decode(Bytes encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return CodecParts.decode(encoded, "a prekey bundle", (CodecReader in) -> {
      in.array(4, "a prekey bundle");
      in.tag(CodecParts.PREKEY_BUNDLE, "a prekey bundle");
      IdentityBinding identity = CodecParts.readBinding(in);
      in.array(7, "a signed prekey");
      SignedPrekey signed = new SignedPrekey(
          in.integer("the signed prekey id"),
          CodecParts.readX25519(in, "the signed prekey"),
          CodecParts.readInstant(in, "notBefore"),
          CodecParts.readInstant(in, "notAfter"),
          new Signature(Bytes.of(in.bytes(Signature.LENGTH, "the signed prekey's signature"))));
      int count = in.arrayUpTo(MAX_ONE_TIME_PREKEYS, "the one-time prekeys");
      List<OneTimePrekey> oneTime = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        in.array(2, "a one-time prekey");
        oneTime.add(new OneTimePrekey(in.integer("a one-time prekey id"), CodecParts.readX25519(in, "a one-time prekey")));
      }
      return new PrekeyBundle(identity, signed, oneTime);
    });
  }
}

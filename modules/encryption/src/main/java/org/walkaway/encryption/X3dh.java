package org.walkaway.encryption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Transcript;

/**
 * The X3DH key agreement (Signal's specification, with Ed25519-certified X25519 keys instead of
 * XEdDSA; see {@link IdentityBinding}), for the first message to a peer that may be offline.
 *
 * <pre>
 *   initiator A                                  responder B (published IK_B, SPK_B, OPK_B)
 *   DH1 = DH(IK_A, SPK_B)   DH2 = DH(EK_A, IK_B)
 *   DH3 = DH(EK_A, SPK_B)   DH4 = DH(EK_A, OPK_B)   (DH4 only when a one-time prekey was offered)
 *   SK  = HKDF-SHA256(salt = 0^32, ikm = 0xFF^32 || DH1 || DH2 || DH3 [|| DH4], info = label)
 *   AD  = transcript(IK_A binding, IK_B binding, EK_A, prekey ids)
 * </pre>
 *
 * Any all-zero DH output aborts the handshake ({@link EncryptionFailure#LOW_ORDER_POINT}). The
 * responder deletes a one-time prekey when it first uses it, so a second handshake naming the same
 * one fails with {@link EncryptionFailure#UNKNOWN_PREKEY}.
 */
public final class X3dh {
  static final String KDF_LABEL = "walkaway/encryption/x3dh/v1";
  static final String AD_LABEL = "walkaway/encryption/x3dh-ad/v1";

  private X3dh() {}

  /** The initiator's result: the header to send, the shared key, and the associated data to bind. */
  public record Initiation(X3dhHeader header, SymmetricKey sharedKey, Bytes associatedData, PrekeyBundle peer) {
    public Initiation {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(sharedKey, "sharedKey");
      Objects.requireNonNull(associatedData, "associatedData");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** The responder's result: the same shared key and associated data, and who the initiator is. */
  public record Response(IdentityBinding initiator, SymmetricKey sharedKey, Bytes associatedData) {
    public Response {
      Objects.requireNonNull(initiator, "initiator");
      Objects.requireNonNull(sharedKey, "sharedKey");
      Objects.requireNonNull(associatedData, "associatedData");
    }
  }

  /**
   * Starts a handshake with the owner of {@code bundle}, which is verified first (signatures and the
   * signed prekey's lifetime at {@code now}); the first offered one-time prekey, if any, is used.
   */
  public static Verdict<Initiation> initiate(LocalIdentity self, PrekeyBundle bundle, Instant now, RandomGenerator random) {
    Verdict<PrekeyBundle> verified = bundle.verify(now);
    if (verified instanceof Verdict.Rejected<PrekeyBundle> rejected) {
      return Verdict.rejected(rejected.rejection());
    }
    X25519SecretKey ephemeral = X25519SecretKey.generate(random);
    try {
      List<X25519PublicKey> ephemeralPeers = new ArrayList<>(List.of(bundle.identity().dhKey(), bundle.signedPrekey().key()));
      OptionalLong oneTimeId = OptionalLong.empty();
      if (!bundle.oneTimePrekeys().isEmpty()) {
        OneTimePrekey oneTime = bundle.oneTimePrekeys().getFirst();
        ephemeralPeers.add(oneTime.key());
        oneTimeId = OptionalLong.of(oneTime.id());
      }
      List<byte[]> dhs = new ArrayList<>();
      Verdict<byte[]> dh1 = dh(self.dhKey(), bundle.signedPrekey().key());
      if (dh1 instanceof Verdict.Rejected<byte[]> r) {
        return Verdict.rejected(r.rejection());
      }
      dhs.add(dh1.orElseThrow());
      for (X25519PublicKey peerKey : ephemeralPeers) {
        Verdict<byte[]> dh = dh(ephemeral, peerKey);
        if (dh instanceof Verdict.Rejected<byte[]> r) {
          dhs.forEach(b -> Arrays.fill(b, (byte) 0));
          return Verdict.rejected(r.rejection());
        }
        dhs.add(dh.orElseThrow());
      }
      X3dhHeader header = new X3dhHeader(self.binding(), ephemeral.publicKey(), bundle.signedPrekey().id(), oneTimeId);
      return Verdict.accepted(new Initiation(header, deriveKey(dhs), associatedData(header, bundle.identity()), bundle));
    } finally {
      ephemeral.destroy();
    }
  }

  /** The responder's side; called by {@link LocalIdentity#respond}, which finds the prekeys. */
  static Verdict<Response> respond(
      X25519SecretKey identityKey, IdentityBinding self, X25519SecretKey signedPrekey, X25519SecretKey oneTimePrekey, X3dhHeader header) {
    List<byte[]> dhs = new ArrayList<>();
    X25519SecretKey[] mine = oneTimePrekey == null
        ? new X25519SecretKey[] {signedPrekey, identityKey, signedPrekey}
        : new X25519SecretKey[] {signedPrekey, identityKey, signedPrekey, oneTimePrekey};
    for (int i = 0; i < mine.length; i++) {
      X25519PublicKey theirs = i == 0 ? header.initiator().dhKey() : header.ephemeralKey();
      Verdict<byte[]> dh = dh(mine[i], theirs);
      if (dh instanceof Verdict.Rejected<byte[]> r) {
        dhs.forEach(b -> Arrays.fill(b, (byte) 0));
        return Verdict.rejected(r.rejection());
      }
      dhs.add(dh.orElseThrow());
    }
    return Verdict.accepted(new Response(header.initiator(), deriveKey(dhs), associatedData(header, self)));
  }

  private static Verdict<byte[]> dh(X25519SecretKey mine, X25519PublicKey theirs) {
    return mine.agree(theirs).map(key -> {
      byte[] bytes = key.view().clone();
      key.destroy();
      return bytes;
    });
  }

  private static SymmetricKey deriveKey(List<byte[]> dhs) {
    byte[] ikm = new byte[32 * (1 + dhs.size())];
    Arrays.fill(ikm, 0, 32, (byte) 0xFF);
    for (int i = 0; i < dhs.size(); i++) {
      System.arraycopy(dhs.get(i), 0, ikm, 32 * (i + 1), 32);
      Arrays.fill(dhs.get(i), (byte) 0);
    }
    byte[] key = Hkdf.derive(new byte[32], ikm, KDF_LABEL.getBytes(java.nio.charset.StandardCharsets.US_ASCII), SymmetricKey.LENGTH);
    Arrays.fill(ikm, (byte) 0);
    return SymmetricKey.adopt(key);
  }

  private static Bytes associatedData(X3dhHeader header, IdentityBinding responder) {
    return Bytes.of(Transcript.of(AD_LABEL)
        .add(header.initiator().identity().bytes().toArray())
        .add(header.initiator().dhKey().bytes().toArray())
        .add(responder.identity().bytes().toArray())
        .add(responder.dhKey().bytes().toArray())
        .add(header.ephemeralKey().bytes().toArray())
        .add(header.signedPrekeyId())
        .add(header.oneTimePrekeyId().isPresent() ? 1 : 0)
        .add(header.oneTimePrekeyId().orElse(0))
        .toByteArray());
  }
}

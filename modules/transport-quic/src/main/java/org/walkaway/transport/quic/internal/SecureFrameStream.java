package org.walkaway.transport.quic.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.FrameTooLargeException;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.StreamErrorCode;
import org.walkaway.transport.quic.StreamResetException;
import org.walkaway.transport.quic.TransportException;

/**
 * An end-to-end authenticated, encrypted {@link FrameStream} over a relayed stream.
 *
 * <p>The relay sits between two QUIC connections and sees their plaintext, so the two peers run
 * their own handshake through it, in three frames:
 *
 * <pre>
 *  initiator I                                   responder R
 *   eI = X25519 ephemeral       ── eI ──▶
 *                               ◀── eR | sig_R("responder" | T) ──   eR = X25519 ephemeral
 *                               ── sig_I("initiator" | T) ──▶
 *   T = "walkaway-relay-e2e/1" | I | R | eI | eR   (I, R: Ed25519 identities)
 *   keys = HKDF-SHA256(X25519(eI, eR), salt = SHA-256(T)) → k(I→R) | k(R→I)
 * </pre>
 *
 * <p>Each side signs the transcript with its identity key, so the relay can neither impersonate
 * either peer nor splice in its own ephemeral key; fresh ephemerals give forward secrecy. Every
 * later frame is ChaCha20-Poly1305 with a per-direction key and a counter nonce, so a frame the
 * relay alters, drops, reorders or replays fails to open and resets the stream.
 */
final class SecureFrameStream implements FrameStream {
  private static final byte[] PROLOGUE = "walkaway-relay-e2e/1".getBytes(StandardCharsets.US_ASCII);
  private static final int TAG = 16;

  private final NettyFrameStream raw;
  private final PublicKey peer;
  private final SecretKeySpec sendKey;
  private final SecretKeySpec receiveKey;
  private final ProtocolId protocol;
  private final Bytes topic;
  private long sendCounter;
  private long receiveCounter;

  private SecureFrameStream(
      NettyFrameStream raw, PublicKey peer, byte[] sendKey, byte[] receiveKey, ProtocolId protocol,
      Bytes topic) {
    this.raw = raw;
    this.peer = peer;
    this.sendKey = new SecretKeySpec(sendKey, "ChaCha20");
    this.receiveKey = new SecretKeySpec(receiveKey, "ChaCha20");
    this.protocol = protocol;
    this.topic = topic;
  }

  private SecureFrameStream(SecureFrameStream other, ProtocolId protocol, Bytes topic) {
    this.raw = other.raw;
    this.peer = other.peer;
    this.sendKey = other.sendKey;
    this.receiveKey = other.receiveKey;
    this.protocol = protocol;
    this.topic = topic;
    this.sendCounter = other.sendCounter;
    this.receiveCounter = other.receiveCounter;
  }

  /** The same channel, labelled with the inner protocol and topic. Use it instead of this one. */
  SecureFrameStream withHeader(ProtocolId protocol, Bytes topic) {
    return new SecureFrameStream(this, protocol, topic);
  }

  static SecureFrameStream initiate(SigningKey self, PublicKey target, NettyFrameStream raw)
      throws InterruptedException {
    byte[] ephemeral = new byte[X25519.SCALAR_SIZE];
    byte[] ePub = new byte[X25519.POINT_SIZE];
    X25519.generatePrivateKey(new SecureRandom(), ephemeral);
    X25519.generatePublicKey(ephemeral, 0, ePub, 0);
    raw.send(ePub);
    byte[] answer = expectFrame(raw, X25519.POINT_SIZE + Signature.LENGTH);
    byte[] rPub = Arrays.copyOf(answer, X25519.POINT_SIZE);
    byte[] transcript = transcript(self.publicKey(), target, ePub, rPub);
    Signature rSig =
        new Signature(Bytes.of(answer, X25519.POINT_SIZE, Signature.LENGTH));
    if (!target.verify(labelled("responder", transcript), rSig)) {
      raw.reset(StreamErrorCode.RELAY_HANDSHAKE_FAILED);
      throw new StreamResetException(
          "the relayed peer did not prove identity " + target.toHex(),
          StreamErrorCode.RELAY_HANDSHAKE_FAILED.code());
    }
    raw.send(self.sign(labelled("initiator", transcript)).bytes().toArray());
    byte[][] keys = keys(ephemeral, rPub, transcript, raw);
    return new SecureFrameStream(raw, target, keys[0], keys[1], QuicEndpoint.RELAY_PROTOCOL,
        Bytes.EMPTY);
  }

  static SecureFrameStream respond(SigningKey self, PublicKey claimedInitiator, NettyFrameStream raw)
      throws InterruptedException {
    byte[] iPub = expectFrame(raw, X25519.POINT_SIZE);
    byte[] ephemeral = new byte[X25519.SCALAR_SIZE];
    byte[] ePub = new byte[X25519.POINT_SIZE];
    X25519.generatePrivateKey(new SecureRandom(), ephemeral);
    X25519.generatePublicKey(ephemeral, 0, ePub, 0);
    byte[] transcript = transcript(claimedInitiator, self.publicKey(), iPub, ePub);
    byte[] answer = new byte[X25519.POINT_SIZE + Signature.LENGTH];
    System.arraycopy(ePub, 0, answer, 0, ePub.length);
    self.sign(labelled("responder", transcript)).bytes().copyTo(answer, X25519.POINT_SIZE);
    raw.send(answer);
    byte[] iSig = expectFrame(raw, Signature.LENGTH);
    if (!claimedInitiator.verify(labelled("initiator", transcript), iSig)) {
      raw.reset(StreamErrorCode.RELAY_HANDSHAKE_FAILED);
      throw new StreamResetException(
          "the relayed peer did not prove identity " + claimedInitiator.toHex(),
          StreamErrorCode.RELAY_HANDSHAKE_FAILED.code());
    }
    byte[][] keys = keys(ephemeral, iPub, transcript, raw);
    return new SecureFrameStream(raw, claimedInitiator, keys[1], keys[0],
        QuicEndpoint.RELAY_PROTOCOL, Bytes.EMPTY);
  }

  private static byte[] expectFrame(NettyFrameStream raw, int length) throws InterruptedException {
    Optional<byte[]> frame = raw.receive();
    if (frame.isEmpty() || frame.get().length != length) {
      raw.reset(StreamErrorCode.RELAY_HANDSHAKE_FAILED);
      throw new StreamResetException(
          "the relayed handshake message is missing or malformed",
          StreamErrorCode.RELAY_HANDSHAKE_FAILED.code());
    }
    return frame.get();
  }

  private static byte[] transcript(PublicKey initiator, PublicKey responder, byte[] eI, byte[] eR) {
    ByteBuffer t = ByteBuffer.allocate(PROLOGUE.length + 2 * PublicKey.LENGTH + eI.length + eR.length);
    t.put(PROLOGUE).put(initiator.bytes().toArray()).put(responder.bytes().toArray()).put(eI).put(eR);
    return t.array();
  }

  private static byte[] labelled(String label, byte[] transcript) {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(l, l.length + transcript.length);
    System.arraycopy(transcript, 0, out, l.length, transcript.length);
    return out;
  }

  /** {initiator→responder key, responder→initiator key}. */
  private static byte[][] keys(byte[] ephemeral, byte[] otherPub, byte[] transcript, NettyFrameStream raw) {
    byte[] shared = new byte[X25519.POINT_SIZE];
    try {
      if (!X25519.calculateAgreement(ephemeral, 0, otherPub, 0, shared, 0)) {
        raw.reset(StreamErrorCode.RELAY_HANDSHAKE_FAILED);
        throw new StreamResetException(
            "the relayed peer sent a low-order X25519 key",
            StreamErrorCode.RELAY_HANDSHAKE_FAILED.code());
      }
      byte[] salt = MessageDigest.getInstance("SHA-256").digest(transcript);
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(new HKDFParameters(shared, salt, PROLOGUE));
      byte[] okm = new byte[64];
      hkdf.generateBytes(okm, 0, okm.length);
      return new byte[][] {Arrays.copyOf(okm, 32), Arrays.copyOfRange(okm, 32, 64)};
    } catch (GeneralSecurityException e) {
      throw new TransportException("SHA-256 is unavailable", e);
    } finally {
      Arrays.fill(ephemeral, (byte) 0);
      Arrays.fill(shared, (byte) 0);
    }
  }

  private static IvParameterSpec nonce(long counter) {
    return new IvParameterSpec(ByteBuffer.allocate(12).putLong(4, counter).array());
  }

  @Override
  public PublicKey peer() {
    return peer;
  }

  @Override
  public ProtocolId protocol() {
    return protocol;
  }

  @Override
  public Bytes topic() {
    return topic;
  }

  @Override
  public void send(byte[] frame) throws InterruptedException {
    // The relay's and the peer's frame limits are the same network-wide config in practice;
    // leave room for the tag.
    int max = raw.maxFrameBytes() - TAG;
    if (frame.length > max) {
      throw new FrameTooLargeException(frame.length, max);
    }
    byte[] sealed;
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.ENCRYPT_MODE, sendKey, nonce(sendCounter++));
      sealed = c.doFinal(frame);
    } catch (GeneralSecurityException e) {
      throw new TransportException("ChaCha20-Poly1305 is unavailable", e);
    }
    raw.send(sealed);
  }

  @Override
  public Optional<byte[]> receive() throws InterruptedException {
    Optional<byte[]> sealed = raw.receive();
    if (sealed.isEmpty()) {
      return sealed;
    }
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.DECRYPT_MODE, receiveKey, nonce(receiveCounter++));
      return Optional.of(c.doFinal(sealed.get()));
    } catch (javax.crypto.AEADBadTagException e) {
      raw.reset(StreamErrorCode.RELAY_HANDSHAKE_FAILED);
      throw new StreamResetException(
          "a relayed frame failed authentication (altered, dropped or replayed)",
          StreamErrorCode.RELAY_HANDSHAKE_FAILED.code());
    } catch (GeneralSecurityException e) {
      throw new TransportException("ChaCha20-Poly1305 is unavailable", e);
    }
  }

  @Override
  public void finish() {
    raw.finish();
  }

  @Override
  public void reset(StreamErrorCode code) {
    raw.reset(code);
  }

  @Override
  public void close() {
    raw.close();
  }
}

package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;

/**
 * Recomputes the ratchet and the envelope's key commitment from the formulas in the javadoc of
 * {@code RatchetKdf} and {@link MessageScheme}, with the JDK's HMAC-SHA256 instead of Bouncy
 * Castle's HKDF, so that the documented construction and the code cannot drift apart (another
 * implementation would follow the same text).
 */
class RatchetConstructionTest {

  private static byte[] hmac(byte[] key, byte[]... parts) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.length == 0 ? new byte[32] : key, "HmacSHA256"));
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  /** RFC 5869 HKDF-Expand with HMAC-SHA256. */
  private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; out.size() < length; i++) {
      t = hmac(prk, t, info, new byte[] {(byte) i});
      out.writeBytes(t);
    }
    return Arrays.copyOf(out.toByteArray(), length);
  }

  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
    return expand(hmac(salt, ikm), info, length);
  }

  /** The length-prefixed transcript: label, then fields (byte strings with a 4-byte length, longs as 8 bytes). */
  private static byte[] transcript(String label, Object... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(ByteBuffer.allocate(4).putInt(l.length).array());
    out.writeBytes(l);
    for (Object field : fields) {
      if (field instanceof byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
      } else {
        out.writeBytes(ByteBuffer.allocate(8).putLong((Long) field).array());
      }
    }
    return out.toByteArray();
  }

  @Test
  void theChainAndTheCommitmentAreWhatTheJavadocSays() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    PublicKey sender = SigningKey.generate(random).publicKey();
    SymmetricKey seed = SymmetricKey.generate(random);
    long generation = 7;

    byte[] chainKey = hkdf(new byte[0], seed.bytes(InsecureSecretAccess.get()),
        transcript("walkaway/encryption/message-ratchet/seed/v1", sender.bytes().toArray(), generation), 32);
    SendingChain chain = SendingChain.seed(sender, generation, seed);
    byte[] stepLabel = "walkaway/encryption/message-ratchet/step/v1".getBytes(StandardCharsets.US_ASCII);
    for (int counter = 0; counter < 5; counter++) {
      assertArrayEquals(chainKey, chain.chainKey(InsecureSecretAccess.get()), "chain key " + counter);
      byte[] both = expand(chainKey, stepLabel, 64);
      MessageKey key = chain.next();
      assertEquals(counter, key.counter());
      assertArrayEquals(Arrays.copyOfRange(both, 32, 64), key.key().bytes(InsecureSecretAccess.get()), "message key " + counter);
      chainKey = Arrays.copyOf(both, 32);
    }

    // The envelope's commitment: the first 32 bytes of HKDF(salt = nonce, ikm = message key 0, info = label).
    MessageScheme scheme = new MessageScheme(sender, RatchetLimits.DEFAULT);
    scheme.startSending(generation, seed);
    MessageEnvelope envelope = scheme.sealEnvelope(LogId.ofTopic("t"), 3, "body".getBytes(), random);
    byte[] messageKey0 = Arrays.copyOfRange(expand(hkdf(new byte[0], seed.bytes(InsecureSecretAccess.get()),
        transcript("walkaway/encryption/message-ratchet/seed/v1", sender.bytes().toArray(), generation), 32), stepLabel, 64), 32, 64);
    byte[] derived = hkdf(envelope.nonce().toArray(), messageKey0,
        "walkaway/encryption/message/v1 commit+subkey".getBytes(StandardCharsets.US_ASCII), 64);
    assertArrayEquals(Arrays.copyOf(derived, 32), envelope.commitment().toArray());
  }
}

package org.walkaway.transport.quic.internal;

import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.walkaway.core.Bytes;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.TransportException;

/**
 * Binds TLS to the Ed25519 identity ("scheme A" in the stack notes): the certificate is
 * self-signed, and its key <em>is</em> the identity key, so TLS's CertificateVerify proves
 * possession of the identity key directly. Nothing else in the certificate matters: no names, no
 * validity period (clocks of peers are not trusted), no chain.
 *
 * <p>BoringSSL leaves Ed25519 out of its default signature algorithms, so both sides must offer
 * {@link #SIGNATURE_ALGORITHMS}, and Netty's stock key manager knows only RSA/EC keys, so {@link
 * SingleKeyManager} serves the one key whatever is asked.
 */
final class IdentityTls {
  static final String[] SIGNATURE_ALGORITHMS = {"ed25519"};
  private static final String ALIAS = "walkaway-identity";
  private static final byte[] PKCS8_ED25519_PREFIX =
      Bytes.fromHex("302e020100300506032b657004220420").toArray();
  private static final byte[] SPKI_ED25519_PREFIX = Bytes.fromHex("302a300506032b6570032100").toArray();

  private IdentityTls() {}

  /** The private key and self-signed certificate that carry {@code identity} in TLS. */
  record Credentials(PrivateKey privateKey, X509Certificate certificate) {}

  static Credentials credentialsFor(SigningKey identity) {
    byte[] seed = identity.seed(InsecureSecretAccess.get());
    byte[] pkcs8 = new byte[PKCS8_ED25519_PREFIX.length + seed.length];
    try {
      System.arraycopy(PKCS8_ED25519_PREFIX, 0, pkcs8, 0, PKCS8_ED25519_PREFIX.length);
      System.arraycopy(seed, 0, pkcs8, PKCS8_ED25519_PREFIX.length, seed.length);
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      java.security.PublicKey publicKey =
          factory.generatePublic(new X509EncodedKeySpec(spkiOf(identity.publicKey())));
      X500Name name = new X500Name("CN=walkaway-peer");
      // Fixed, wide validity: the identity is the key, not the certificate, and peers' clocks
      // are not trusted. The trust manager does not check the dates.
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.ONE,
              new Date(0L),
              new Date(253402300799000L), // 9999-12-31T23:59:59Z
              name,
              publicKey);
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(builder.build(new JcaContentSignerBuilder("Ed25519").build(privateKey)));
      return new Credentials(privateKey, certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new TransportException("cannot build the TLS certificate for the identity key", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  static byte[] spkiOf(PublicKey key) {
    byte[] spki = new byte[SPKI_ED25519_PREFIX.length + PublicKey.LENGTH];
    System.arraycopy(SPKI_ED25519_PREFIX, 0, spki, 0, SPKI_ED25519_PREFIX.length);
    key.bytes().copyTo(spki, SPKI_ED25519_PREFIX.length);
    return spki;
  }

  /**
   * The Ed25519 identity a peer's certificate chain carries: exactly one certificate, an Ed25519
   * key, a valid self-signature.
   */
  static PublicKey identityOf(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length != 1) {
      throw new CertificateException(
          "expected exactly one self-signed certificate, got "
              + (chain == null ? 0 : chain.length));
    }
    X509Certificate certificate = chain[0];
    byte[] spki = certificate.getPublicKey().getEncoded();
    if (spki.length != SPKI_ED25519_PREFIX.length + PublicKey.LENGTH
        || !Arrays.equals(spki, 0, SPKI_ED25519_PREFIX.length, SPKI_ED25519_PREFIX, 0,
            SPKI_ED25519_PREFIX.length)) {
      throw new CertificateException("the peer's certificate key is not Ed25519");
    }
    try {
      certificate.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException("the peer's certificate is not validly self-signed", e);
    }
    return new PublicKey(Bytes.of(spki, SPKI_ED25519_PREFIX.length, PublicKey.LENGTH));
  }

  /** Serves the identity's one certificate whatever key type or issuer is asked for. */
  static final class SingleKeyManager extends X509ExtendedKeyManager {
    private final Credentials credentials;

    SingleKeyManager(Credentials credentials) {
      this.credentials = credentials;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {credentials.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return credentials.privateKey();
    }
  }

  /**
   * Accepts a peer whose certificate carries an Ed25519 identity, and, when one is expected, only
   * that one. A mismatch is remembered so that the dial can report it precisely.
   */
  static final class PeerTrustManager extends X509ExtendedTrustManager {
    private final Optional<PublicKey> expected;
    private final AtomicReference<PublicKey> mismatch = new AtomicReference<>();

    PeerTrustManager(Optional<PublicKey> expected) {
      this.expected = expected;
    }

    Optional<PublicKey> mismatch() {
      return Optional.ofNullable(mismatch.get());
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      PublicKey actual = identityOf(chain);
      if (expected.isPresent() && !expected.get().equals(actual)) {
        mismatch.set(actual);
        throw new CertificateException(
            "expected peer " + expected.get().toHex() + ", the peer presented " + actual.toHex());
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

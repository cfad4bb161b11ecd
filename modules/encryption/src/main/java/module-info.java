/**
 * Walkaway encryption: group key agreement (DCGKA) and the cryptographic ground it stands on.
 *
 * <ul>
 *   <li>Secrets: {@link org.walkaway.encryption.SymmetricKey} and
 *       {@link org.walkaway.encryption.X25519SecretKey} are final classes, not records: redacted
 *       {@code toString}, constant-time {@code equals}, zeroed by {@code destroy()}. An all-zero
 *       X25519 shared secret (a low-order peer key) is refused.</li>
 *   <li>Prekeys: {@link org.walkaway.encryption.IdentityBinding} (a long-term X25519 key certified
 *       by the Ed25519 identity), {@link org.walkaway.encryption.SignedPrekey} (with a lifetime),
 *       {@link org.walkaway.encryption.OneTimePrekey}, published as a
 *       {@link org.walkaway.encryption.PrekeyBundle}; the secret side is
 *       {@link org.walkaway.encryption.LocalIdentity}.</li>
 *   <li>Two parties: {@link org.walkaway.encryption.X3dh} for the first message and
 *       {@link org.walkaway.encryption.SecureChannel}, which seals later messages with HPKE
 *       (RFC 9180 base mode) to rotating keys and refuses replays.</li>
 *   <li>Event bodies: {@link org.walkaway.encryption.BodyCipher}, XChaCha20-Poly1305 with random
 *       nonces, bound to the header fields of the event, and key-committing.</li>
 *   <li>At rest: {@link org.walkaway.encryption.Vault} (Argon2id master key, held in memory only,
 *       wrapping one key per entity) and {@link org.walkaway.encryption.EntityCipher}.</li>
 *   <li>Message encryption: {@link org.walkaway.encryption.MessageScheme}, per-sender symmetric
 *       ratchets ({@link org.walkaway.encryption.SendingChain},
 *       {@link org.walkaway.encryption.ReceivingChain}) seeded by DCGKA update secrets, and
 *       {@link org.walkaway.encryption.GroupDecryptor}, the pipeline stage that holds events until
 *       their key arrives.</li>
 *   <li>Wire forms in canonical CBOR: {@link org.walkaway.encryption.ChannelMessageCodec},
 *       {@link org.walkaway.encryption.PrekeyBundleCodec},
 *       {@link org.walkaway.encryption.X3dhHeaderCodec},
 *       {@link org.walkaway.encryption.MessageEnvelopeCodec}.</li>
 *   <li>Group key agreement: {@link org.walkaway.encryption.dcgka.Dcgka} (DCGKA, Weidner et al.),
 *       whose {@link org.walkaway.encryption.dcgka.UpdateSecret}s seed the message scheme and the
 *       data scheme ({@link org.walkaway.encryption.dcgka.GroupDataScheme}, storing its secrets in a
 *       {@link org.walkaway.encryption.DataScheme}).</li>
 *   <li>{@link org.walkaway.encryption.EncryptionFailure}: what a peer can cause, as an event-core
 *       {@link org.walkaway.core.Rejection}; {@link org.walkaway.encryption.EncryptionException} for
 *       the rest.</li>
 * </ul>
 *
 * Every primitive is Bouncy Castle's (X25519, HKDF-SHA256, ChaCha20-Poly1305, XChaCha20-Poly1305,
 * Argon2id) or event-core's (Ed25519); this module only composes them. The compositions live in
 * {@code org.walkaway.encryption.internal}, which is not exported.
 */
module org.walkaway.encryption {
  // The API hands out event-core types (PublicKey, Signature, SigningKey, LogId, Verdict, Rejection, Bytes).
  requires transitive org.walkaway.core;
  // Primitives only; no Bouncy Castle type appears in the API, so this is not transitive.
  requires org.bouncycastle.provider;

  exports org.walkaway.encryption;
  exports org.walkaway.encryption.dcgka;
}

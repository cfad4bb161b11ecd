/**
 * Walkaway auth-groups: authorization for Walkaway applications.
 *
 * <p>This session provides the capability layer only:
 * <ul>
 *   <li>{@code org.walkaway.auth}: UCAN 1.0 delegations and invocations, interoperable with other UCAN
 *       implementations (1.0.0 and 1.0.0-rc.1 read, 1.0.0 written); policies; the offline
 *       {@code ChainValidator}; {@code RevocationSet} (a grow-only CRDT); {@code ReplayGuard};
 *       {@code Invitation} strings.</li>
 * </ul>
 * Groups as a CRDT and the auth processor for the event pipeline are still to come.
 *
 * <p>Implementation (strict DAG-CBOR codec, envelopes, multibase) lives in
 * {@code org.walkaway.auth.internal}, which is not exported. Ed25519 comes from event-core's strict
 * {@code PublicKey.verify} and {@code SigningKey.sign}; SHA-256 from the JDK.
 */
module org.walkaway.auth {
  requires transitive org.walkaway.core;

  exports org.walkaway.auth;
}

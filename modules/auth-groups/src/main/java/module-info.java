/**
 * Walkaway auth-groups: authorization for Walkaway applications.
 *
 * <ul>
 *   <li>{@code org.walkaway.auth}: UCAN 1.0 delegations and invocations, interoperable with other UCAN
 *       implementations (1.0.0 and 1.0.0-rc.1 read, 1.0.0 written); policies; the offline
 *       {@code ChainValidator}; {@code RevocationSet} (a grow-only CRDT); {@code ReplayGuard};
 *       {@code Invitation} strings.</li>
 *   <li>Groups as a CRDT ({@code Groups}, {@code GroupState}, {@code GroupOperation}): members with
 *       access levels, nested groups, persons as groups of devices, concurrent removal resolved by a
 *       pluggable {@code ConflictResolver} (strong removal, seniority).</li>
 *   <li>{@code AuthProcessor}: the pipeline stage that admits an event only if its author may write
 *       to its log at its causal point, by group membership or a capability chain.</li>
 * </ul>
 *
 * <p>Implementation (strict DAG-CBOR codec, envelopes, multibase) lives in
 * {@code org.walkaway.auth.internal}, which is not exported. Ed25519 comes from event-core's strict
 * {@code PublicKey.verify} and {@code SigningKey.sign}; SHA-256 from the JDK.
 */
module org.walkaway.auth {
  requires transitive org.walkaway.core;

  exports org.walkaway.auth;
}

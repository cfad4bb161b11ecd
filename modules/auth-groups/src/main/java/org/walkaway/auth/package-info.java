/**
 * Capabilities in the UCAN 1.0 format: {@link org.walkaway.auth.Delegation}s and
 * {@link org.walkaway.auth.Invocation}s (DAG-CBOR envelopes, varsig header, Ed25519, did:key),
 * the {@link org.walkaway.auth.Policy} language, offline chain validation with an injected clock
 * ({@link org.walkaway.auth.ChainValidator}), revocation as a grow-only set CRDT
 * ({@link org.walkaway.auth.RevocationSet}), replay protection and
 * {@link org.walkaway.auth.Invitation}s. Everything a peer can get wrong is returned as a value
 * ({@link org.walkaway.auth.Decoded}, {@link org.walkaway.auth.ValidationResult}).
 *
 * <p>Groups: {@link org.walkaway.auth.GroupOperation}s (create, add, remove, promote, demote) form a
 * DAG that {@link org.walkaway.auth.Groups} resolves, the same on every replica, into a
 * {@link org.walkaway.auth.GroupState}, with concurrent conflicts settled by a
 * {@link org.walkaway.auth.ConflictResolver}. The {@link org.walkaway.auth.AuthProcessor} admits or
 * refuses events in the pipeline by group membership ({@link org.walkaway.auth.TopicPolicy}) or by
 * a capability chain.
 */
package org.walkaway.auth;

package org.walkaway.auth;

/**
 * Why a token or a chain was refused. The first eight carry the names the UCAN working group's
 * fixtures expect ({@link #wireName()}); the others are Walkaway's own.
 */
public enum ErrorName {
  /** The chain does not establish the claim: no proof where one is needed, a powerline or non-subject root. */
  INVALID_CLAIM("InvalidClaim"),
  /** A proof named by CID cannot be found. */
  UNAVAILABLE_PROOF("UnavailableProof"),
  /** A token's {@code exp} has passed. */
  EXPIRED("Expired"),
  /** A delegation's {@code nbf} is still in the future. */
  TOO_EARLY("TooEarly"),
  /** Principal alignment broken: an {@code aud} is not the next issuer. */
  INVALID_AUDIENCE("InvalidAudience"),
  /** Subject alignment broken. */
  INVALID_SUBJECT("InvalidSubject"),
  /** A signature does not verify (strict Ed25519). */
  INVALID_SIGNATURE("InvalidSignature"),
  /** A policy in the chain does not hold for the invocation's arguments. */
  MATCH_ERROR("MatchError"),
  /** A command broader than the one it was delegated from (go-ucan: InvalidExpandedCommand). */
  INVALID_COMMAND("InvalidCommand"),
  /** A link of the chain was revoked by an issuer above or at it. */
  REVOKED("Revoked"),
  /** More proofs than the validator's limit. */
  CHAIN_TOO_LONG("ChainTooLong"),
  /** A policy nested deeper, or with more statements, than the limit. */
  POLICY_TOO_DEEP("PolicyTooDeep"),
  /** The same invocation (CID, or issuer and nonce) seen before. */
  REPLAYED("Replayed"),
  /** Bytes that are not a well-formed token: not canonical DAG-CBOR, missing or mistyped fields. */
  MALFORMED_TOKEN("MalformedToken"),
  /** A type tag other than {@code ucan/dlg|inv@1.0.0} or {@code @1.0.0-rc.1}. */
  UNSUPPORTED_VERSION("UnsupportedVersion"),
  /** A varsig header other than Ed25519 over DAG-CBOR. */
  UNSUPPORTED_SIGNATURE_TYPE("UnsupportedSignatureType"),
  /** A DID that is not a did:key Ed25519 key. */
  UNSUPPORTED_DID("UnsupportedDid");

  private final String wireName;

  ErrorName(String wireName) {
    this.wireName = wireName;
  }

  /** The name used by the UCAN fixtures and in messages, e.g. {@code InvalidAudience}. */
  public String wireName() {
    return wireName;
  }
}

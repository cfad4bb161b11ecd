package org.walkaway.auth;

import java.util.Objects;
import org.walkaway.core.Bytes;

/**
 * The signed wrapper every UCAN token shares, read from its bytes: the signature, the bytes it
 * covers, the token as it travels and its CID. What is inside (a delegation's or an invocation's
 * payload) is the token type's business.
 *
 * @param version the version of the type tag ({@code ucan/<kind>@<version>})
 * @param signature the Ed25519 signature (64 bytes for a well-formed token)
 * @param signedBytes the DAG-CBOR bytes the signature covers (header and payload)
 * @param token the whole envelope, exactly as signed and addressed
 * @param cid the CIDv1 (dag-cbor, sha2-256) of {@code token}
 */
public record Envelope(UcanVersion version, Bytes signature, Bytes signedBytes, Bytes token, Cid cid) {
  public Envelope {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signedBytes, "signedBytes");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(cid, "cid");
  }

  /** Strict Ed25519 verification (event-core) of the signature by {@code issuer}. */
  public boolean isSignedBy(Did issuer) {
    return issuer.key().verify(signedBytes.toArray(), signature.toArray());
  }
}

package org.walkaway.auth;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides offline whether an invocation is authorized by the delegations it cites.
 *
 * <pre>
 *   subject ──dlg 0 (root)──▶ A ──dlg 1──▶ B ── … ──dlg n──▶ invoker ──invocation──▶ (run cmd on subject)
 *   prf = [cid(dlg 0), cid(dlg 1), …, cid(dlg n)]
 * </pre>
 *
 * Checks, in this order, stopping at the first failure:
 * <ol>
 *   <li>the invocation's signature (strict Ed25519) and its {@code exp} against the injected clock;</li>
 *   <li>the number of proofs against {@link UcanLimits#maxChainLength()}; with no proofs the invoker
 *       must be the subject ({@code InvalidClaim} otherwise);</li>
 *   <li>every proof can be found by its CID ({@code UnavailableProof});</li>
 *   <li>every proof's signature, then its {@code exp} ({@code Expired}) and {@code nbf}
 *       ({@code TooEarly});</li>
 *   <li>principal alignment: each {@code aud} is the next issuer, the last is the invoker
 *       ({@code InvalidAudience});</li>
 *   <li>subject alignment: every non-null {@code sub} is the invocation's subject
 *       ({@code InvalidSubject}); the root is not a powerline and is issued by the subject
 *       ({@code InvalidClaim});</li>
 *   <li>attenuation: each command lies within its parent's and covers the invoked command
 *       ({@code InvalidCommand});</li>
 *   <li>no link is revoked by its own issuer or an issuer above it ({@code Revoked});</li>
 *   <li>every policy in the chain holds for the arguments ({@code MatchError}).</li>
 * </ol>
 * A token's {@code exp} is the last valid second; {@code nbf} the first. The validator is stateless
 * and thread-safe; replay protection is {@link ReplayGuard}'s job.
 */
public final class ChainValidator {
  private final InstantSource clock;
  private final UcanLimits limits;

  public ChainValidator(InstantSource clock) {
    this(clock, UcanLimits.DEFAULT);
  }

  public ChainValidator(InstantSource clock, UcanLimits limits) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public ValidationResult validate(Invocation invocation, ProofStore proofs) {
    return validate(invocation, proofs, RevocationSet.empty());
  }

  public ValidationResult validate(Invocation invocation, ProofStore proofs, RevocationSet revocations) {
    long now = clock.instant().getEpochSecond();
    if (!invocation.hasValidSignature()) {
      return invalid(ErrorName.INVALID_SIGNATURE, "the invocation's signature does not verify");
    }
    if (expired(invocation.expiration(), now)) {
      return invalid(ErrorName.EXPIRED, "the invocation expired at " + invocation.expiration().getAsLong());
    }
    List<Cid> cids = invocation.proofs();
    if (cids.size() > limits.maxChainLength()) {
      return invalid(ErrorName.CHAIN_TOO_LONG, cids.size() + " proofs, at most " + limits.maxChainLength());
    }
    if (cids.isEmpty()) {
      return invocation.issuer().equals(invocation.subject())
          ? new ValidationResult.Valid(invocation, List.of())
          : invalid(ErrorName.INVALID_CLAIM, "no proofs, and the invoker is not the subject");
    }
    List<Delegation> chain = new ArrayList<>(cids.size());
    for (Cid cid : cids) {
      Optional<Delegation> found = proofs.find(cid);
      if (found.isEmpty() || !found.get().cid().equals(cid)) {
        return invalid(ErrorName.UNAVAILABLE_PROOF, "proof " + cid + " is not available");
      }
      chain.add(found.get());
    }
    for (Delegation d : chain) {
      if (!d.hasValidSignature()) {
        return invalid(ErrorName.INVALID_SIGNATURE, "the signature of proof " + d.cid() + " does not verify");
      }
      if (expired(d.expiration(), now)) {
        return invalid(ErrorName.EXPIRED, "proof " + d.cid() + " expired at " + d.expiration().getAsLong());
      }
      if (d.notBefore().isPresent() && now < d.notBefore().getAsLong()) {
        return invalid(ErrorName.TOO_EARLY, "proof " + d.cid() + " is not valid before " + d.notBefore().getAsLong());
      }
    }
    for (int i = 0; i < chain.size(); i++) {
      Did next = i + 1 < chain.size() ? chain.get(i + 1).issuer() : invocation.issuer();
      if (!chain.get(i).audience().equals(next)) {
        return invalid(ErrorName.INVALID_AUDIENCE, "proof " + i + " is addressed to " + chain.get(i).audience()
            + " but the next issuer is " + next);
      }
    }
    for (Delegation d : chain) {
      if (d.subject().isPresent() && !d.subject().get().equals(invocation.subject())) {
        return invalid(ErrorName.INVALID_SUBJECT, "proof " + d.cid() + " is about " + d.subject().get()
            + ", the invocation about " + invocation.subject());
      }
    }
    Delegation root = chain.get(0);
    if (root.isPowerline()) {
      return invalid(ErrorName.INVALID_CLAIM, "the root proof is a powerline (sub: null)");
    }
    if (!root.issuer().equals(invocation.subject())) {
      return invalid(ErrorName.INVALID_CLAIM, "the root proof is not issued by the subject");
    }
    for (int i = 0; i < chain.size(); i++) {
      Command command = chain.get(i).command();
      if (i > 0 && !chain.get(i - 1).command().proves(command)) {
        return invalid(ErrorName.INVALID_COMMAND, "proof " + i + " widens " + chain.get(i - 1).command() + " to " + command);
      }
      if (!command.proves(invocation.command())) {
        return invalid(ErrorName.INVALID_COMMAND, "proof " + i + " grants " + command + ", not " + invocation.command());
      }
    }
    for (int i = 0; i < chain.size(); i++) {
      Optional<Revocation> revoked = revocations.revocationOf(chain, i);
      if (revoked.isPresent()) {
        return invalid(ErrorName.REVOKED, "proof " + chain.get(i).cid() + " was revoked by " + revoked.get().revoker());
      }
    }
    for (Delegation d : chain) {
      if (!d.policy().matches(invocation.arguments())) {
        return invalid(ErrorName.MATCH_ERROR, "the arguments do not satisfy the policy of proof " + d.cid());
      }
    }
    return new ValidationResult.Valid(invocation, chain);
  }

  private static boolean expired(OptionalLong expiration, long now) {
    return expiration.isPresent() && now > expiration.getAsLong();
  }

  private static ValidationResult invalid(ErrorName name, String message) {
    return new ValidationResult.Invalid(name, message);
  }
}

package org.walkaway.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;

/**
 * A signed revocation of one delegation, in the shape of the UCAN revocation proposal: an
 * invocation of {@code /ucan/revoke} by the revoker on itself, with {@code args: {ucan: <cid>}}.
 * It stands alone (its signature is checked without the delegation), so it can travel and be
 * stored before the delegation it names arrives. Whether it takes effect depends on the chain: see
 * {@link RevocationSet#revocationOf}.
 */
public record Revocation(Invocation invocation) {
  public static final Command REVOKE = Command.of("/ucan/revoke");

  public Revocation {
    Objects.requireNonNull(invocation, "invocation");
    Optional<UcanError> problem = problem(invocation);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get().toString());
    }
  }

  /** Signs a revocation of {@code delegation} by {@code revoker}. */
  public static Revocation issue(SigningKey revoker, Cid delegation) {
    Did self = new Did(revoker.publicKey());
    Invocation invocation = Invocation.builder()
        .subject(self)
        .command(REVOKE)
        .arguments(Ipld.Dict.of(Map.of("ucan", new Ipld.Link(delegation))))
        .nonce(Delegation.randomNonce())
        .sign(revoker);
    return new Revocation(invocation);
  }

  /** Checks a received invocation is a well-formed, correctly signed revocation. */
  public static Decoded<Revocation> from(Invocation invocation) {
    Optional<UcanError> problem = problem(invocation);
    return problem.isPresent() ? new Decoded.Failed<>(problem.get()) : new Decoded.Ok<>(new Revocation(invocation));
  }

  private static Optional<UcanError> problem(Invocation invocation) {
    if (!invocation.command().equals(REVOKE) || !invocation.proofs().isEmpty()
        || !invocation.issuer().equals(invocation.subject())
        || invocation.arguments().entries().size() != 1
        || !(invocation.arguments().entries().get("ucan") instanceof Ipld.Link)) {
      return Optional.of(new UcanError(ErrorName.MALFORMED_TOKEN,
          "a revocation is a self-issued /ucan/revoke invocation with args {ucan: <cid>}"));
    }
    if (!invocation.hasValidSignature()) {
      return Optional.of(new UcanError(ErrorName.INVALID_SIGNATURE, "the revocation's signature does not verify"));
    }
    return Optional.empty();
  }

  /** Reads a revocation from its envelope bytes. */
  public static Decoded<Revocation> decode(byte[] token) {
    return switch (Invocation.decode(token)) {
      case Decoded.Ok<Invocation> ok -> from(ok.value());
      case Decoded.Failed<Invocation> failed -> new Decoded.Failed<>(failed.error());
    };
  }

  /** The body of a revocation event: the revocation's envelope bytes, as they are. */
  public Body asBody() {
    return new Body(token());
  }

  /**
   * Reads the revocation a revocation event carries (see {@link TopicPolicy#withCapabilityTokens}): its
   * body is the envelope, and its author must be the revoker, so that the event and the token it
   * carries name the same principal (others' revocations travel in the revoker's own log).
   */
  public static Verdict<Revocation> fromEvent(Event event) {
    if (event.body().isEmpty()) {
      return Verdict.rejected(Rejection.Reason.REFUSED, "a revocation event needs its body");
    }
    return switch (decode(event.body().get().bytes().toArray())) {
      case Decoded.Failed<Revocation> failed ->
          Verdict.rejected(Rejection.Reason.REFUSED, "malformed revocation: " + failed.error());
      case Decoded.Ok<Revocation> ok when !ok.value().revoker().key().equals(event.author()) ->
          Verdict.rejected(Rejection.Reason.REFUSED, "revocation signed by " + ok.value().revoker()
              + " carried in an event by another author; a revoker publishes its own revocations");
      case Decoded.Ok<Revocation> ok -> Verdict.accepted(ok.value());
    };
  }

  public Did revoker() {
    return invocation.issuer();
  }

  /** The CID of the revoked delegation. */
  public Cid revoked() {
    return ((Ipld.Link) invocation.arguments().entries().get("ucan")).cid();
  }

  /** The CID of this revocation itself. */
  public Cid cid() {
    return invocation.cid();
  }

  public Bytes token() {
    return invocation.token();
  }
}

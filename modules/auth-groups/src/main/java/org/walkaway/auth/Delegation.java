package org.walkaway.auth;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.walkaway.auth.internal.Envelopes;
import org.walkaway.auth.internal.TokenException;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;

/**
 * A signed UCAN 1.0 delegation: {@code iss} grants {@code aud} the right to invoke {@code cmd} (and
 * the commands below it) on {@code sub}, subject to {@code pol}, between {@code nbf} and
 * {@code exp}. A delegation with no subject ({@code sub: null}) is a <em>powerline</em>: it
 * re-delegates whatever the issuer is granted, for any subject, and so can never be a chain's root.
 *
 * <p>Not a record on purpose: an instance only comes from {@link #decode} or {@link Builder#sign},
 * so its fields always agree with the signed bytes it carries ({@link #token()}). Decoding does not
 * verify the signature; {@link ChainValidator} does, and so does {@link #hasValidSignature()}.
 * Equality is by CID.
 */
public final class Delegation implements SignedToken {
  static final String KIND = "dlg";
  private static final Set<String> FIELDS = Set.of("iss", "aud", "sub", "cmd", "pol", "nonce", "exp", "nbf", "meta");

  private final Envelope envelope;
  private final Did issuer;
  private final Did audience;
  private final Optional<Did> subject;
  private final Command command;
  private final Policy policy;
  private final Bytes nonce;
  private final OptionalLong notBefore;
  private final OptionalLong expiration;
  private final Optional<Ipld.Dict> meta;

  private Delegation(Envelopes.Opened opened, UcanLimits limits) {
    this.envelope = opened.envelope();
    Envelopes.Fields f = new Envelopes.Fields(opened.payload(), FIELDS);
    this.issuer = f.did("iss");
    this.audience = f.did("aud");
    this.subject = f.nullableDid("sub");
    String cmd = f.text("cmd");
    if (!Command.isWellFormed(cmd)) {
      throw Envelopes.malformed("not a well-formed command: " + cmd);
    }
    this.command = new Command(cmd);
    this.policy = switch (Policy.read(f.required("pol"), limits.maxPolicyDepth(), limits.maxPolicyStatements())) {
      case Decoded.Ok<Policy> ok -> ok.value();
      case Decoded.Failed<Policy> failed -> throw new TokenException(failed.error().name(), failed.error().message());
    };
    this.nonce = f.bytes("nonce");
    this.expiration = f.nullableTimestamp("exp");
    this.notBefore = f.optionalTimestamp("nbf");
    this.meta = f.optionalMap("meta");
  }

  /** Reads a delegation envelope (1.0.0 or 1.0.0-rc.1) with the default limits. */
  public static Decoded<Delegation> decode(byte[] token) {
    return decode(token, UcanLimits.DEFAULT);
  }

  public static Decoded<Delegation> decode(byte[] token, UcanLimits limits) {
    try {
      return new Decoded.Ok<>(new Delegation(Envelopes.open(token, KIND, limits.maxCborDepth()), limits));
    } catch (TokenException e) {
      return new Decoded.Failed<>(e.error());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Did issuer() {
    return issuer;
  }

  public Did audience() {
    return audience;
  }

  /** The subject; empty for a powerline. */
  public Optional<Did> subject() {
    return subject;
  }

  public boolean isPowerline() {
    return subject.isEmpty();
  }

  public Command command() {
    return command;
  }

  public Policy policy() {
    return policy;
  }

  public Bytes nonce() {
    return nonce;
  }

  /** {@code nbf}, unix seconds: not valid before. */
  public OptionalLong notBefore() {
    return notBefore;
  }

  /** {@code exp}, unix seconds: valid up to and including this second; empty means no expiry. */
  public OptionalLong expiration() {
    return expiration;
  }

  public Optional<Ipld.Dict> meta() {
    return meta;
  }

  /**
   * The body of a capability-token event ({@link TopicPolicy#withCapabilityTokens}): the envelope
   * bytes, as they are.
   */
  public Body asBody() {
    return new Body(token());
  }

  @Override
  public Envelope envelope() {
    return envelope;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Delegation other && other.cid().equals(cid());
  }

  @Override
  public int hashCode() {
    return cid().hashCode();
  }

  @Override
  public String toString() {
    return "Delegation[" + cid() + " " + issuer + " -> " + audience + " " + command
        + " sub=" + subject.map(Did::toString).orElse("null(powerline)") + "]";
  }

  /**
   * Writes and signs a new delegation. {@code subject} (or {@code powerline}), {@code audience},
   * {@code command} and {@code expiration} (or {@code noExpiration}) must be set. {@code sign} reads
   * the token back with the default limits and throws IllegalStateException if it would not be
   * readable (for example a policy deeper than {@link Policy#DEFAULT_MAX_DEPTH}).
   */
  public static final class Builder {
    private static final SecureRandom NONCES = new SecureRandom();
    private Did audience;
    private Optional<Did> subject;
    private Command command;
    private Policy policy = Policy.ANY;
    private Bytes nonce;
    private Long notBefore;
    private OptionalLong expiration;
    private Ipld.Dict meta;

    private Builder() {}

    public Builder audience(Did audience) {
      this.audience = Objects.requireNonNull(audience);
      return this;
    }

    public Builder subject(Did subject) {
      this.subject = Optional.of(subject);
      return this;
    }

    /** No subject: a powerline delegation. */
    public Builder powerline() {
      this.subject = Optional.empty();
      return this;
    }

    public Builder command(Command command) {
      this.command = Objects.requireNonNull(command);
      return this;
    }

    public Builder command(String command) {
      return command(Command.of(command));
    }

    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /** A fixed nonce; by default 12 random bytes. */
    public Builder nonce(Bytes nonce) {
      this.nonce = Objects.requireNonNull(nonce);
      return this;
    }

    public Builder notBefore(long unixSeconds) {
      this.notBefore = checkTimestamp(unixSeconds);
      return this;
    }

    public Builder expiration(long unixSeconds) {
      this.expiration = OptionalLong.of(checkTimestamp(unixSeconds));
      return this;
    }

    public Builder noExpiration() {
      this.expiration = OptionalLong.empty();
      return this;
    }

    public Builder meta(Ipld.Dict meta) {
      this.meta = Objects.requireNonNull(meta);
      return this;
    }

    public Delegation sign(SigningKey issuer) {
      if (audience == null || subject == null || command == null || expiration == null) {
        throw new IllegalStateException("audience, subject (or powerline), command and expiration must be set");
      }
      TreeMap<String, Ipld> p = new TreeMap<>(Ipld.KEY_ORDER);
      p.put("iss", new Ipld.Text(new Did(issuer.publicKey()).toString()));
      p.put("aud", new Ipld.Text(audience.toString()));
      p.put("sub", subject.<Ipld>map(d -> new Ipld.Text(d.toString())).orElse(Ipld.NULL));
      p.put("cmd", new Ipld.Text(command.path()));
      p.put("pol", policy.toIpld());
      p.put("nonce", new Ipld.Blob(nonce != null ? nonce : randomNonce()));
      p.put("exp", expiration.isPresent() ? new Ipld.Int(expiration.getAsLong()) : Ipld.NULL);
      if (notBefore != null) {
        p.put("nbf", new Ipld.Int(notBefore));
      }
      if (meta != null) {
        p.put("meta", meta);
      }
      byte[] token = Envelopes.seal(KIND, new Ipld.Dict(p), issuer);
      return decode(token).orThrow();
    }
  }

  static Bytes randomNonce() {
    byte[] n = new byte[12];
    Builder.NONCES.nextBytes(n);
    return Bytes.of(n);
  }

  static long checkTimestamp(long unixSeconds) {
    if (unixSeconds < 0 || unixSeconds > Envelopes.Fields.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("UCAN timestamps are within 0..2^53-1: " + unixSeconds);
    }
    return unixSeconds;
  }
}

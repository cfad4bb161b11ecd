package org.walkaway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.walkaway.auth.internal.Envelopes;
import org.walkaway.auth.internal.TokenException;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;

/**
 * A signed UCAN 1.0 invocation: {@code iss} asks to run {@code cmd} with {@code args} on
 * {@code sub}, citing the delegations {@code prf} (by CID, root first, the last one issued to the
 * invoker). Whether it is authorized is decided by {@link ChainValidator}.
 *
 * <p>Like {@link Delegation}, only built by {@link #decode} or {@link Builder#sign}, so the fields
 * always agree with the signed bytes. Equality is by CID.
 */
public final class Invocation implements SignedToken {
  static final String KIND = "inv";
  private static final Set<String> FIELDS =
      Set.of("iss", "sub", "aud", "cmd", "args", "prf", "nonce", "exp", "iat", "meta", "cause");

  private final Envelope envelope;
  private final Did issuer;
  private final Did subject;
  private final Optional<Did> audience;
  private final Command command;
  private final Ipld.Dict arguments;
  private final List<Cid> proofs;
  private final Bytes nonce;
  private final OptionalLong expiration;
  private final OptionalLong issuedAt;
  private final Optional<Ipld.Dict> meta;
  private final Optional<Cid> cause;

  private Invocation(Envelopes.Opened opened) {
    this.envelope = opened.envelope();
    Envelopes.Fields f = new Envelopes.Fields(opened.payload(), FIELDS);
    this.issuer = f.did("iss");
    this.subject = f.did("sub");
    this.audience = f.optionalDid("aud");
    String cmd = f.text("cmd");
    if (!Command.isWellFormed(cmd)) {
      throw Envelopes.malformed("not a well-formed command: " + cmd);
    }
    this.command = new Command(cmd);
    if (!(f.required("args") instanceof Ipld.Dict args)) {
      throw Envelopes.malformed("\"args\" is a map");
    }
    this.arguments = args;
    if (!(f.required("prf") instanceof Ipld.Seq prf)) {
      throw Envelopes.malformed("\"prf\" is a list of links");
    }
    List<Cid> links = new ArrayList<>();
    for (Ipld item : prf.items()) {
      if (!(item instanceof Ipld.Link link)) {
        throw Envelopes.malformed("\"prf\" holds links only");
      }
      links.add(link.cid());
    }
    this.proofs = List.copyOf(links);
    this.nonce = f.bytes("nonce");
    this.expiration = f.nullableTimestamp("exp");
    this.issuedAt = f.optionalTimestamp("iat");
    this.meta = f.optionalMap("meta");
    this.cause = f.optional("cause").map(c -> {
      if (!(c instanceof Ipld.Link link)) {
        throw Envelopes.malformed("\"cause\" is a link");
      }
      return link.cid();
    });
  }

  /** Reads an invocation envelope (1.0.0 or 1.0.0-rc.1) with the default limits. */
  public static Decoded<Invocation> decode(byte[] token) {
    return decode(token, UcanLimits.DEFAULT);
  }

  public static Decoded<Invocation> decode(byte[] token, UcanLimits limits) {
    try {
      return new Decoded.Ok<>(new Invocation(Envelopes.open(token, KIND, limits.maxCborDepth())));
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

  public Did subject() {
    return subject;
  }

  public Optional<Did> audience() {
    return audience;
  }

  public Command command() {
    return command;
  }

  public Ipld.Dict arguments() {
    return arguments;
  }

  /** The cited delegations, root first. */
  public List<Cid> proofs() {
    return proofs;
  }

  public Bytes nonce() {
    return nonce;
  }

  public OptionalLong expiration() {
    return expiration;
  }

  public OptionalLong issuedAt() {
    return issuedAt;
  }

  public Optional<Ipld.Dict> meta() {
    return meta;
  }

  public Optional<Cid> cause() {
    return cause;
  }

  @Override
  public Envelope envelope() {
    return envelope;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Invocation other && other.cid().equals(cid());
  }

  @Override
  public int hashCode() {
    return cid().hashCode();
  }

  @Override
  public String toString() {
    return "Invocation[" + cid() + " " + issuer + " " + command + " on " + subject + "]";
  }

  /** Writes and signs a new invocation; {@code subject} and {@code command} must be set. */
  public static final class Builder {
    private Did subject;
    private Did audience;
    private Command command;
    private Ipld.Dict arguments = Ipld.Dict.empty();
    private List<Cid> proofs = List.of();
    private Bytes nonce;
    private OptionalLong expiration = OptionalLong.empty();
    private Long issuedAt;
    private Ipld.Dict meta;
    private Cid cause;

    private Builder() {}

    public Builder subject(Did subject) {
      this.subject = Objects.requireNonNull(subject);
      return this;
    }

    public Builder audience(Did audience) {
      this.audience = Objects.requireNonNull(audience);
      return this;
    }

    public Builder command(Command command) {
      this.command = Objects.requireNonNull(command);
      return this;
    }

    public Builder command(String command) {
      return command(Command.of(command));
    }

    public Builder arguments(Ipld.Dict arguments) {
      this.arguments = Objects.requireNonNull(arguments);
      return this;
    }

    /** The proofs, root first. */
    public Builder proofs(List<Cid> proofs) {
      this.proofs = List.copyOf(proofs);
      return this;
    }

    /** Convenience: cite these delegations, root first. */
    public Builder chain(List<Delegation> chain) {
      return proofs(chain.stream().map(Delegation::cid).toList());
    }

    public Builder nonce(Bytes nonce) {
      this.nonce = Objects.requireNonNull(nonce);
      return this;
    }

    public Builder expiration(long unixSeconds) {
      this.expiration = OptionalLong.of(Delegation.checkTimestamp(unixSeconds));
      return this;
    }

    public Builder issuedAt(long unixSeconds) {
      this.issuedAt = Delegation.checkTimestamp(unixSeconds);
      return this;
    }

    public Builder meta(Ipld.Dict meta) {
      this.meta = Objects.requireNonNull(meta);
      return this;
    }

    public Builder cause(Cid cause) {
      this.cause = Objects.requireNonNull(cause);
      return this;
    }

    public Invocation sign(SigningKey issuer) {
      if (subject == null || command == null) {
        throw new IllegalStateException("subject and command must be set");
      }
      TreeMap<String, Ipld> p = new TreeMap<>(Ipld.KEY_ORDER);
      p.put("iss", new Ipld.Text(new Did(issuer.publicKey()).toString()));
      p.put("sub", new Ipld.Text(subject.toString()));
      if (audience != null) {
        p.put("aud", new Ipld.Text(audience.toString()));
      }
      p.put("cmd", new Ipld.Text(command.path()));
      p.put("args", arguments);
      p.put("prf", new Ipld.Seq(proofs.stream().<Ipld>map(Ipld.Link::new).toList()));
      p.put("nonce", new Ipld.Blob(nonce != null ? nonce : Delegation.randomNonce()));
      p.put("exp", expiration.isPresent() ? new Ipld.Int(expiration.getAsLong()) : Ipld.NULL);
      if (issuedAt != null) {
        p.put("iat", new Ipld.Int(issuedAt));
      }
      if (meta != null) {
        p.put("meta", meta);
      }
      if (cause != null) {
        p.put("cause", new Ipld.Link(cause));
      }
      return decode(Envelopes.seal(KIND, new Ipld.Dict(p), issuer)).orThrow();
    }
  }
}

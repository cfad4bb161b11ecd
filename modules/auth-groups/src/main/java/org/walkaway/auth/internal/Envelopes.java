package org.walkaway.auth.internal;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.walkaway.auth.Cid;
import org.walkaway.auth.Decoded;
import org.walkaway.auth.Did;
import org.walkaway.auth.Envelope;
import org.walkaway.auth.ErrorName;
import org.walkaway.auth.Ipld;
import org.walkaway.auth.UcanVersion;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;

/**
 * The UCAN envelope: {@code [signature, {"h": varsig header, "ucan/<kind>@<version>": payload}]},
 * DAG-CBOR throughout. The signature covers the DAG-CBOR bytes of the second element (the
 * "SigPayload"); the token's CID is the CIDv1 (dag-cbor, sha2-256) of the whole envelope.
 *
 * <pre>
 *   82                          array(2)
 *     58 40 &lt;64 bytes&gt;          signature
 *     a2                        map(2)           &lt;-- signed bytes start
 *       61 68  48 34 01 ed01 ed01 13 71          "h": varsig v1, EdDSA, Ed25519, SHA2-512, DAG-CBOR
 *       6e "ucan/dlg@1.0.0"  {payload}           &lt;-- signed bytes end
 * </pre>
 */
public final class Envelopes {
  /** Varsig v1 header for Ed25519 signatures over DAG-CBOR payloads, the only one accepted. */
  public static final byte[] ED25519_DAG_CBOR_HEADER = HexFormat.of().parseHex("3401ed01ed011371");

  private Envelopes() {}

  /** A decoded but not yet verified envelope, and the payload its type tag names. */
  public record Opened(Envelope envelope, Ipld.Dict payload) {}

  /** Opens a token of the given kind ({@code dlg} or {@code inv}); throws TokenException. */
  public static Opened open(byte[] token, String kind, int maxDepth) {
    DagCbor.EnvelopeParts parts = DagCbor.decodeEnvelope(token, maxDepth);
    if (!(parts.signature() instanceof Ipld.Blob signature)) {
      throw malformed("the envelope's first element is the signature bytes");
    }
    if (!(parts.sigPayload() instanceof Ipld.Dict sigPayload) || sigPayload.entries().size() != 2) {
      throw malformed("the envelope's second element is a map of the header and one payload");
    }
    if (!(sigPayload.entries().get("h") instanceof Ipld.Blob header)) {
      throw malformed("the envelope has no varsig header \"h\"");
    }
    if (!java.util.Arrays.equals(header.value().toArray(), ED25519_DAG_CBOR_HEADER)) {
      throw new TokenException(ErrorName.UNSUPPORTED_SIGNATURE_TYPE,
          "only the varsig header for Ed25519 over DAG-CBOR is accepted, got " + header.value().toHex());
    }
    String tag = sigPayload.entries().keySet().stream().filter(k -> !k.equals("h")).findFirst().orElseThrow();
    UcanVersion version = null;
    for (UcanVersion v : UcanVersion.values()) {
      if (tag.equals("ucan/" + kind + "@" + v.label())) {
        version = v;
      }
    }
    if (version == null) {
      throw new TokenException(ErrorName.UNSUPPORTED_VERSION,
          "expected the type tag ucan/" + kind + "@1.0.0 or @1.0.0-rc.1, got " + tag);
    }
    if (!(sigPayload.entries().get(tag) instanceof Ipld.Dict payload)) {
      throw malformed("the payload is a map");
    }
    return new Opened(new Envelope(version, signature.value(), Bytes.of(parts.signedBytes()),
        Bytes.of(token), Cid.ofDagCbor(token)), payload);
  }

  /** Signs a payload and returns the envelope bytes (always tagged {@code @1.0.0}). */
  public static byte[] seal(String kind, Ipld.Dict payload, SigningKey key) {
    TreeMap<String, Ipld> sigPayload = new TreeMap<>(Ipld.KEY_ORDER);
    sigPayload.put("h", new Ipld.Blob(Bytes.of(ED25519_DAG_CBOR_HEADER)));
    sigPayload.put("ucan/" + kind + "@" + UcanVersion.V1_0_0.label(), payload);
    byte[] signed = DagCbor.encode(new Ipld.Dict(sigPayload));
    Bytes signature = key.sign(signed).bytes();
    return DagCbor.encode(new Ipld.Seq(java.util.List.of(new Ipld.Blob(signature), new Ipld.Dict(sigPayload))));
  }

  public static TokenException malformed(String message) {
    return new TokenException(ErrorName.MALFORMED_TOKEN, message);
  }

  /** Field readers that throw TokenException on a missing or mistyped field. */
  public static final class Fields {
    /** The largest integer every UCAN implementation can represent exactly (2^53-1). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final Map<String, Ipld> entries;

    public Fields(Ipld.Dict payload, java.util.Set<String> allowed) {
      this.entries = payload.entries();
      for (String key : entries.keySet()) {
        if (!allowed.contains(key)) {
          throw malformed("unknown payload field \"" + key + "\"");
        }
      }
    }

    public Ipld required(String key) {
      Ipld value = entries.get(key);
      if (value == null) {
        throw malformed("missing required field \"" + key + "\"");
      }
      return value;
    }

    public Optional<Ipld> optional(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    public String text(String key) {
      if (!(required(key) instanceof Ipld.Text t)) {
        throw malformed("\"" + key + "\" is a string");
      }
      return t.value();
    }

    public Bytes bytes(String key) {
      if (!(required(key) instanceof Ipld.Blob b)) {
        throw malformed("\"" + key + "\" is bytes");
      }
      return b.value();
    }

    public Did did(String key) {
      return toDid(key, required(key));
    }

    /** A required field that may be null (a powerline's {@code sub}). */
    public Optional<Did> nullableDid(String key) {
      Ipld value = required(key);
      return value instanceof Ipld.Null ? Optional.empty() : Optional.of(toDid(key, value));
    }

    public Optional<Did> optionalDid(String key) {
      return optional(key).map(v -> toDid(key, v));
    }

    /** A required timestamp that may be null ({@code exp}). */
    public OptionalLong nullableTimestamp(String key) {
      Ipld value = required(key);
      return value instanceof Ipld.Null ? OptionalLong.empty() : OptionalLong.of(timestamp(key, value));
    }

    public OptionalLong optionalTimestamp(String key) {
      Optional<Ipld> value = optional(key);
      return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(timestamp(key, value.get()));
    }

    public Optional<Ipld.Dict> optionalMap(String key) {
      return optional(key).map(v -> {
        if (!(v instanceof Ipld.Dict d)) {
          throw malformed("\"" + key + "\" is a map");
        }
        return d;
      });
    }

    private static long timestamp(String key, Ipld value) {
      if (!(value instanceof Ipld.Int i)) {
        throw malformed("\"" + key + "\" is an integer timestamp");
      }
      if (i.value() < 0 || i.value() > MAX_SAFE_INTEGER) {
        throw malformed("\"" + key + "\" is outside 0..2^53-1: " + i.value());
      }
      return i.value();
    }

    private static Did toDid(String key, Ipld value) {
      if (!(value instanceof Ipld.Text t)) {
        throw malformed("\"" + key + "\" is a DID string");
      }
      return switch (Did.read(t.value())) {
        case Decoded.Ok<Did> ok -> ok.value();
        case Decoded.Failed<Did> failed -> throw new TokenException(failed.error().name(), failed.error().message());
      };
    }
  }
}

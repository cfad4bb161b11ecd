package org.walkaway.auth;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.auth.internal.Envelopes;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;

/** Deterministic principals, clocks and hand-made envelopes for tests. */
final class TestKit {
  static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z, the fixtures' validation time

  static final SigningKey ALICE = key(1);
  static final SigningKey BOB = key(2);
  static final SigningKey CAROL = key(3);
  static final SigningKey DAN = key(4);
  static final SigningKey MALLORY = key(66);

  private TestKit() {}

  static SigningKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = (byte) (n * 7 + 1);
    return SigningKey.fromSeed(seed);
  }

  static SigningKey key(RandomGenerator random) {
    return SigningKey.generate(random);
  }

  static Did did(SigningKey key) {
    return new Did(key.publicKey());
  }

  static ChainValidator validatorAt(long unixSeconds) {
    return new ChainValidator(InstantSource.fixed(Instant.ofEpochSecond(unixSeconds)));
  }

  static Bytes nonce(int n) {
    return Bytes.of(new byte[] {(byte) n, (byte) (n >> 8), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  }

  /** A delegation from {@code from} to {@code to} about {@code subject}, no expiry. */
  static Delegation delegate(SigningKey from, SigningKey to, SigningKey subject, String command) {
    return Delegation.builder().audience(did(to)).subject(did(subject)).command(command).noExpiration().sign(from);
  }

  static Invocation invoke(SigningKey invoker, SigningKey subject, String command, List<Delegation> chain) {
    return Invocation.builder().subject(did(subject)).command(command).chain(chain).sign(invoker);
  }

  static Invocation invoke(SigningKey invoker, SigningKey subject, String command, List<Delegation> chain, Ipld.Dict args) {
    return Invocation.builder().subject(did(subject)).command(command).chain(chain).arguments(args).sign(invoker);
  }

  static Ipld.Dict args(Map<String, Ipld> entries) {
    return Ipld.Dict.of(entries);
  }

  /** An envelope around {@code payload} with any signature bytes, tagged {@code tag}. */
  static byte[] envelope(String tag, Ipld.Dict payload, byte[] signature) {
    return envelope(Envelopes.ED25519_DAG_CBOR_HEADER, tag, payload, signature);
  }

  static byte[] envelope(byte[] header, String tag, Ipld.Dict payload, byte[] signature) {
    TreeMap<String, Ipld> sigPayload = new TreeMap<>(Ipld.KEY_ORDER);
    sigPayload.put("h", new Ipld.Blob(Bytes.of(header)));
    sigPayload.put(tag, payload);
    return DagCbor.encode(new Ipld.Seq(List.of(new Ipld.Blob(Bytes.of(signature)), new Ipld.Dict(sigPayload))));
  }

  /** The payload of a token, the signed map and the signature, as IPLD. */
  static Ipld.Seq parts(Bytes token) {
    return (Ipld.Seq) DagCbor.decode(token.toArray(), 64);
  }

  static Ipld.Dict payloadOf(Bytes token) {
    Ipld.Dict sigPayload = (Ipld.Dict) parts(token).items().get(1);
    return (Ipld.Dict) sigPayload.entries().entrySet().stream()
        .filter(e -> !e.getKey().equals("h")).findFirst().orElseThrow().getValue();
  }

  static byte[] signatureOf(Bytes token) {
    return ((Ipld.Blob) parts(token).items().get(0)).value().toArray();
  }

  static Ipld.Dict with(Ipld.Dict dict, String key, Ipld value) {
    TreeMap<String, Ipld> copy = new TreeMap<>(Ipld.KEY_ORDER);
    copy.putAll(dict.entries());
    copy.put(key, value);
    return new Ipld.Dict(copy);
  }

  /** Signs an arbitrary payload correctly, so that only the payload's content can be at fault. */
  static byte[] signedEnvelope(String tag, Ipld.Dict payload, SigningKey key) {
    TreeMap<String, Ipld> sigPayload = new TreeMap<>(Ipld.KEY_ORDER);
    sigPayload.put("h", new Ipld.Blob(Bytes.of(Envelopes.ED25519_DAG_CBOR_HEADER)));
    sigPayload.put(tag, payload);
    byte[] signed = DagCbor.encode(new Ipld.Dict(sigPayload));
    return envelope(tag, payload, key.sign(signed).bytes().toArray());
  }
}

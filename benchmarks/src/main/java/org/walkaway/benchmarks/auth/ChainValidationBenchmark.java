package org.walkaway.benchmarks.auth;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.auth.ChainValidator;
import org.walkaway.auth.Delegation;
import org.walkaway.auth.Did;
import org.walkaway.auth.Invocation;
import org.walkaway.auth.Ipld;
import org.walkaway.auth.ProofStore;
import org.walkaway.auth.RevocationSet;
import org.walkaway.auth.ValidationResult;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;

/**
 * Offline UCAN chain validation with {@link ChainValidator}: an invocation of
 * {@code /walkaway/write} citing a chain of {@code chainLength} delegations (subject → k1 → … →
 * invoker), every link carrying a one-statement policy on the arguments, against a small set of
 * unrelated revocations. One validation verifies {@code chainLength + 1} Ed25519 signatures (strict,
 * through event-core's {@code PublicKey.verify}, which caches decoded public points), so the figure
 * is dominated by signature checks.
 *
 * <ul>
 *   <li>{@code validate}: the tokens are already decoded (what {@code AuthProcessor} does with the
 *       proofs given to it);</li>
 *   <li>{@code decodeAndValidate}: the invocation is also decoded from its envelope bytes, as it
 *       arrives in an event's extension field.</li>
 * </ul>
 *
 * <p>Run: {@code benchmarks/run ChainValidationBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class ChainValidationBenchmark {
  private static final long NOW = 1_767_225_600L;
  private static final String WRITE = "/walkaway/write";

  @Param({"1", "2", "3", "4", "5", "6", "7", "8"})
  public int chainLength;

  private ChainValidator validator;
  private Invocation invocation;
  private byte[] invocationToken;
  private ProofStore proofs;
  private RevocationSet revocations;

  @Setup
  public void setUp() {
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 0; i <= chainLength; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (i + 1);
      seed[31] = 42;
      keys.add(SigningKey.fromSeed(seed));
    }
    Did subject = new Did(keys.get(0).publicKey());
    List<Delegation> chain = new ArrayList<>();
    for (int i = 0; i < chainLength; i++) {
      chain.add(Delegation.builder()
          .audience(new Did(keys.get(i + 1).publicKey()))
          .subject(subject)
          .command(WRITE)
          .policy(org.walkaway.auth.Policy.of(new org.walkaway.auth.Policy.Equal(
              org.walkaway.auth.Selector.parse(".log"), new Ipld.Blob(Bytes.of(new byte[32])))))
          .expiration(NOW + 86_400)
          .sign(keys.get(i)));
    }
    invocation = Invocation.builder()
        .subject(subject)
        .command(WRITE)
        .chain(chain)
        .arguments(Ipld.Dict.of(java.util.Map.of("log", new Ipld.Blob(Bytes.of(new byte[32])))))
        .sign(keys.get(chainLength));
    invocationToken = invocation.token().toArray();
    proofs = ProofStore.of(chain);
    // Revocations of other delegations, by the chain's own issuers: scanned, never matching.
    List<org.walkaway.auth.Revocation> unrelated = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Delegation other = Delegation.builder().audience(new Did(keys.get(chainLength).publicKey())).subject(subject)
          .command("/other/" + i).noExpiration().sign(keys.get(0));
      unrelated.add(org.walkaway.auth.Revocation.issue(keys.get(0), other.cid()));
    }
    revocations = RevocationSet.of(unrelated);
    validator = new ChainValidator(InstantSource.fixed(Instant.ofEpochSecond(NOW)));
    if (!(validate() instanceof ValidationResult.Valid) || !(decodeAndValidate() instanceof ValidationResult.Valid)) {
      throw new IllegalStateException("the benchmark's chain does not validate: " + validate());
    }
  }

  @Benchmark
  public ValidationResult validate() {
    return validator.validate(invocation, proofs, revocations);
  }

  @Benchmark
  public ValidationResult decodeAndValidate() {
    Invocation decoded = switch (Invocation.decode(invocationToken)) {
      case org.walkaway.auth.Decoded.Ok<Invocation> ok -> ok.value();
      case org.walkaway.auth.Decoded.Failed<Invocation> failed -> throw new IllegalStateException(failed.toString());
    };
    return validator.validate(decoded, proofs, revocations);
  }
}

package org.walkaway.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.walkaway.core.Blake3;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Extensions;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.ForkEvidence;
import org.walkaway.core.store.InMemoryEventStore;
import org.walkaway.core.store.LogValidation;

/**
 * Checks event-core against every vector: one {@link ConformanceCase} per vector (per vector and
 * mode for BLAKE3).
 *
 * <pre>
 *   vectors/*.json ──Vectors──▶ records ──EventCoreConformance──▶ ConformanceCase ──▶ JUnit DynamicTest
 *                                                                               └──▶ run(): Report
 * </pre>
 *
 * <ul>
 *   <li>Wycheproof Ed25519: {@link PublicKey#verify(byte[], byte[])} must accept every valid and
 *       refuse every invalid signature (strict verification refuses all of Wycheproof's invalid ones);</li>
 *   <li>RFC 8032: {@link SigningKey#fromSeed} gives the public key, signs to the exact signature, and
 *       the signature verifies;</li>
 *   <li>BLAKE3: hash, keyed hash and key derivation, 131-byte extended output and the 32-byte default,
 *       through {@link Blake3} and {@link Hash};</li>
 *   <li>event headers: {@link EventCodec#decode} gives exactly the expected fields, with the id
 *       BLAKE3 of the header bytes, or a rejection with the named {@link Rejection.Reason};</li>
 *   <li>event logs: each sequence appended to an empty {@link InMemoryEventStore} gives the expected
 *       {@link AppendResult} per event and leaves the expected logs, prune points and fork evidence;
 *       single checks go through {@link LogValidation#check}.</li>
 * </ul>
 *
 * From JUnit: {@code return EventCoreConformance.all().stream().map(c -> dynamicTest(c.name(),
 * c.check()::run));} From a command line: {@link #run(List)}.
 */
public final class EventCoreConformance {
  private EventCoreConformance() {}

  private static final HexFormat HEX = HexFormat.of();

  /** Every case of every vector file. */
  public static List<ConformanceCase> all() {
    return Stream.of(ed25519Wycheproof(), rfc8032(), blake3(), eventHeaders(), eventLogs())
        .flatMap(List::stream)
        .toList();
  }

  /** The outcome of running cases: how many agreed, and what the others said. */
  public record Report(int passed, List<Failure> failures) {
    public Report {
      failures = List.copyOf(failures);
    }

    public boolean allPassed() {
      return failures.isEmpty();
    }
  }

  public record Failure(ConformanceCase conformanceCase, String message) {}

  /** Runs {@code cases}; a case that throws anything counts as failed, with the throwable's text. */
  public static Report run(List<ConformanceCase> cases) {
    int passed = 0;
    List<Failure> failures = new ArrayList<>();
    for (ConformanceCase c : cases) {
      try {
        c.check().run();
        passed++;
      } catch (VectorMismatch e) {
        failures.add(new Failure(c, e.getMessage()));
      } catch (RuntimeException e) {
        failures.add(new Failure(c, "the implementation threw " + e));
      }
    }
    return new Report(passed, failures);
  }

  // ---------------------------------------------------------------- Ed25519

  public static List<ConformanceCase> ed25519Wycheproof() {
    return Vectors.ed25519Wycheproof().stream()
        .map(
            test ->
                new ConformanceCase(
                    Vectors.ED25519_WYCHEPROOF,
                    name(test.tcId(), test.comment(), test.flags()),
                    () -> {
                      PublicKey key = new PublicKey(test.publicKey());
                      boolean verified = key.verify(test.message().toArray(), test.signature().toArray());
                      boolean valid = test.result() == Vectors.Result.VALID;
                      if (verified != valid) {
                        throw new VectorMismatch(
                            "tcId " + test.tcId() + " is " + test.result() + " but verify returned " + verified);
                      }
                    }))
        .toList();
  }

  public static List<ConformanceCase> rfc8032() {
    return Vectors.rfc8032().stream()
        .map(
            test ->
                new ConformanceCase(
                    Vectors.RFC8032,
                    name(test.tcId(), test.name(), List.of()),
                    () -> {
                      SigningKey key = SigningKey.fromSeed(test.secret().toArray());
                      try {
                        expect("public key", test.publicKey(), key.publicKey());
                        byte[] message = test.message().toArray();
                        expect("signature", test.signature(), key.sign(message));
                        if (!test.publicKey().verify(message, test.signature())) {
                          throw new VectorMismatch("the RFC 8032 signature does not verify");
                        }
                        byte[] altered = Arrays.copyOf(message, message.length + 1);
                        if (test.publicKey().verify(altered, test.signature())) {
                          throw new VectorMismatch("the signature also verifies a longer message");
                        }
                      } finally {
                        key.destroy();
                      }
                    }))
        .toList();
  }

  // ---------------------------------------------------------------- BLAKE3

  public static List<ConformanceCase> blake3() {
    Vectors.Blake3Suite suite = Vectors.blake3();
    byte[] key = suite.key().toArray();
    List<ConformanceCase> cases = new ArrayList<>();
    for (Vectors.Blake3Case test : suite.cases()) {
      String input = "input_len " + test.inputLength();
      cases.add(
          blake3Case(
              input + " hash",
              test.hash(),
              length -> Blake3.hash(test.input(), length),
              Optional.of(() -> Hash.of(test.input()).bytes())));
      cases.add(
          blake3Case(
              input + " keyed_hash",
              test.keyedHash(),
              length -> Blake3.keyedHash(key, test.input(), length),
              Optional.empty()));
      cases.add(
          blake3Case(
              input + " derive_key",
              test.deriveKey(),
              length -> Blake3.deriveKey(suite.contextString(), test.input(), length),
              Optional.empty()));
    }
    return List.copyOf(cases);
  }

  private static ConformanceCase blake3Case(
      String name,
      Bytes expected,
      IntFunction<byte[]> function,
      Optional<Supplier<Bytes>> defaultHash) {
    return new ConformanceCase(
        Vectors.BLAKE3,
        name,
        () -> {
          expect(expected.length() + "-byte output", expected, Bytes.of(function.apply(expected.length())));
          Bytes prefix = expected.slice(0, 32);
          expect("32-byte output", prefix, Bytes.of(function.apply(32)));
          defaultHash.ifPresent(hash -> expect("Hash.of", prefix, hash.get()));
        });
  }

  // ---------------------------------------------------------------- event headers

  public static List<ConformanceCase> eventHeaders() {
    Vectors.HeaderSuite suite = Vectors.eventHeaders();
    return suite.tests().stream()
        .map(
            test ->
                new ConformanceCase(
                    Vectors.EVENT_HEADER,
                    name(test.tcId(), test.comment(), test.flags()),
                    () -> checkHeader(test, suite.limits())))
        .toList();
  }

  private static void checkHeader(Vectors.HeaderTest test, DecodeLimits limits) {
    byte[] header = test.header().toArray();
    Verdict<Event> verdict = EventCodec.decode(header, test.body().map(Bytes::toArray), limits);
    switch (test.result()) {
      case VALID -> {
        if (!(verdict instanceof Verdict.Accepted<Event>(Event event))) {
          throw new VectorMismatch(
              "a valid header was rejected: " + ((Verdict.Rejected<Event>) verdict).rejection());
        }
        Vectors.ExpectedHeader expected =
            test.expected().orElseThrow(() -> new ConformanceException("valid vector without \"expected\""));
        checkFields(expected, event);
        expect("id (BLAKE3 of the header bytes)", Hash.of(header), event.id());
        expect("header bytes", test.header(), event.headerBytes());
        expect("body", test.body(), event.body().map(Body::bytes));
      }
      case INVALID -> {
        String reason = test.error().orElseThrow(() -> new ConformanceException("invalid vector without \"error\""));
        if (!(verdict instanceof Verdict.Rejected<Event>(Rejection rejection))) {
          throw new VectorMismatch("an invalid header was accepted; expected " + reason);
        }
        if (!rejection.reason().name().equals(reason)) {
          throw new VectorMismatch("expected " + reason + " but got " + rejection);
        }
      }
    }
  }

  private static void checkFields(Vectors.ExpectedHeader expected, Event event) {
    Header header = event.header();
    Optional<Extensions> extensions = header.extensions();
    expect("id", expected.id(), event.id());
    expect("version", expected.version(), header.version());
    expect("author", expected.author(), header.author());
    expect("signature", expected.signature(), header.signature());
    expect("payloadSize", expected.payloadSize(), header.payloadSize());
    expect("payloadHash", expected.payloadHash(), header.payloadHash());
    expect("seqNum", expected.seqNum(), header.seqNum());
    expect("backlink", expected.backlink(), header.backlink());
    expect("extensions", expected.extensions(), extensions.map(Extensions::encoded));
    String layout =
        extensions.map(e -> e.isWalkawayLayout() ? "walkaway" : "opaque").orElse("none");
    expect("extensionsLayout", expected.extensionsLayout(), layout);
    expect("logId", expected.logId(), header.logId());
    expect(
        "timestampMicros",
        expected.timestampMicros(),
        extensions.map(Extensions::timestampMicros).orElse(OptionalLong.empty()));
    expect("prune", expected.prune(), header.prune());
    expect("previous", expected.previous(), header.previous());
    expect(
        "otherFields",
        expected.otherFields(),
        extensions.<Map<Long, Bytes>>map(Extensions::fields).orElse(Map.of()));
  }

  // ---------------------------------------------------------------- event logs

  public static List<ConformanceCase> eventLogs() {
    Vectors.LogSuite suite = Vectors.eventLogs();
    List<ConformanceCase> cases = new ArrayList<>();
    for (Vectors.AppendTest test : suite.appendTests()) {
      cases.add(
          new ConformanceCase(
              Vectors.EVENT_LOG, name(test.tcId(), test.comment(), test.flags()), () -> checkAppends(test)));
    }
    for (Vectors.PredecessorTest test : suite.predecessorTests()) {
      cases.add(
          new ConformanceCase(
              Vectors.EVENT_LOG,
              name(test.tcId(), test.comment(), test.flags()),
              () -> checkPredecessor(test)));
    }
    return List.copyOf(cases);
  }

  private static void checkAppends(Vectors.AppendTest test) {
    Set<PublicKey> authors = new LinkedHashSet<>();
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      int index = 0;
      for (Vectors.AppendStep step : test.events()) {
        Event event = decodeValid("event " + index, step.header(), step.body());
        authors.add(event.author());
        AppendResult result = store.append(event);
        String outcome =
            switch (result) {
              case AppendResult.Appended appended -> "appended";
              case AppendResult.Duplicate duplicate -> "duplicate";
              case AppendResult.Rejected rejected -> "rejected " + rejected.rejection().reason();
            };
        String expected = step.outcome() + step.error().map(reason -> " " + reason).orElse("");
        if (!expected.equals(outcome)) {
          String detail =
              result instanceof AppendResult.Rejected rejected ? " (" + rejected.rejection() + ")" : "";
          throw new VectorMismatch("event " + index + ": expected " + expected + " but got " + outcome + detail);
        }
        index++;
      }

      Set<LogKey> expectedLogs = new TreeSet<>();
      for (Vectors.ExpectedLog log : test.finalLogs()) {
        expectedLogs.add(new LogKey(log.author(), log.logId()));
      }
      Set<LogKey> actualLogs = new TreeSet<>();
      for (PublicKey author : authors) {
        actualLogs.addAll(store.heights(author).keySet());
      }
      expect("logs in the store", expectedLogs, actualLogs);
      for (Vectors.ExpectedLog log : test.finalLogs()) {
        LogKey key = new LogKey(log.author(), log.logId());
        List<Vectors.ExpectedEntry> entries =
            store.range(key, 0, Header.MAX_U32).stream()
                .map(e -> new Vectors.ExpectedEntry(e.seqNum(), e.id(), e.body().isPresent()))
                .toList();
        expect("events kept in log " + log.logId(), log.entries(), entries);
        expect("prune point of log " + log.logId(), log.prunePoint(), store.prunePoint(key));
      }

      Comparator<Vectors.ExpectedFork> order =
          Comparator.comparing(Vectors.ExpectedFork::author)
              .thenComparing(Vectors.ExpectedFork::logId)
              .thenComparingLong(Vectors.ExpectedFork::seqNum)
              .thenComparing(Vectors.ExpectedFork::rejected);
      List<Vectors.ExpectedFork> actualForks = new ArrayList<>();
      for (PublicKey author : authors) {
        for (ForkEvidence fork : store.forks(author)) {
          actualForks.add(
              new Vectors.ExpectedFork(
                  fork.log().author(),
                  fork.log().logId(),
                  fork.seqNum(),
                  Hash.of(fork.kept()),
                  Hash.of(fork.rejected())));
        }
      }
      expect(
          "fork evidence",
          test.forks().stream().sorted(order).toList(),
          actualForks.stream().sorted(order).toList());
    }
  }

  private static void checkPredecessor(Vectors.PredecessorTest test) {
    Event event = decodeValid("event", test.event(), Optional.empty());
    Optional<Event> previous = test.previous().map(bytes -> decodeValid("previous", bytes, Optional.empty()));
    Optional<Rejection> rejection = LogValidation.check(event, previous);
    switch (test.result()) {
      case VALID -> {
        if (rejection.isPresent()) {
          throw new VectorMismatch("expected the event to continue its log, got " + rejection.get());
        }
      }
      case INVALID -> {
        String reason = test.error().orElseThrow(() -> new ConformanceException("invalid vector without \"error\""));
        if (rejection.isEmpty()) {
          throw new VectorMismatch("expected " + reason + " but the event was accepted");
        }
        if (!rejection.get().reason().name().equals(reason)) {
          throw new VectorMismatch("expected " + reason + " but got " + rejection.get());
        }
      }
    }
  }

  /** The events of log vectors are valid on their own; the log is what is under test. */
  private static Event decodeValid(String what, Bytes header, Optional<Bytes> body) {
    Verdict<Event> verdict = EventCodec.decode(header, body);
    if (verdict instanceof Verdict.Rejected<Event>(Rejection rejection)) {
      throw new VectorMismatch(what + " of the vector does not decode: " + rejection);
    }
    return ((Verdict.Accepted<Event>) verdict).value();
  }

  // ---------------------------------------------------------------- helpers

  private static String name(int tcId, String comment, List<String> flags) {
    String name = "tcId " + tcId;
    if (!comment.isEmpty()) {
      name += ": " + comment;
    }
    if (!flags.isEmpty()) {
      name += " " + flags;
    }
    return name;
  }

  private static void expect(String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new VectorMismatch(what + ": expected " + show(expected) + " but got " + show(actual));
    }
  }

  private static String show(Object value) {
    return value instanceof byte[] bytes ? HEX.formatHex(bytes) : String.valueOf(value);
  }
}

package org.walkaway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;

/**
 * Reads the vector files into records. Nothing here knows about the implementation under test, so
 * another JVM implementation can reuse the reader with its own checks.
 *
 * <p>The files are resources of this module under {@code org/walkaway/conformance/vectors/}; the
 * same files are in the {@code vectors/} folder of the source tree, and the README there says where
 * each comes from. Bytes are lowercase hex in every file.
 */
public final class Vectors {
  private Vectors() {}

  public static final String ED25519_WYCHEPROOF = "wycheproof/ed25519_test.json";
  public static final String RFC8032 = "rfc8032_test.json";
  public static final String BLAKE3 = "blake3_test_vectors.json";
  public static final String EVENT_HEADER = "event-header.json";
  public static final String EVENT_LOG = "event-log.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a vector says the outcome must be. */
  public enum Result {
    VALID,
    INVALID;

    static Result parse(String text) {
      return switch (text) {
        case "valid" -> VALID;
        case "invalid" -> INVALID;
        default -> throw new ConformanceException("unknown result \"" + text + "\"");
      };
    }
  }

  // ---------------------------------------------------------------- Ed25519 (Wycheproof)

  /** One Wycheproof EdDSA verification test, its group's public key attached. */
  public record Ed25519Test(
      int tcId, String comment, List<String> flags, Bytes publicKey, Bytes message, Bytes signature,
      Result result) {}

  public static List<Ed25519Test> ed25519Wycheproof() {
    JsonNode root = read(ED25519_WYCHEPROOF);
    List<Ed25519Test> tests = new ArrayList<>();
    for (JsonNode group : root.path("testGroups")) {
      Bytes publicKey = hex(group.path("publicKey"), "pk");
      for (JsonNode test : group.path("tests")) {
        tests.add(
            new Ed25519Test(
                test.path("tcId").asInt(),
                test.path("comment").asText(),
                strings(test.path("flags")),
                publicKey,
                hex(test, "msg"),
                hex(test, "sig"),
                Result.parse(text(test, "result"))));
      }
    }
    expectCount(ED25519_WYCHEPROOF, root, tests.size());
    return List.copyOf(tests);
  }

  // ---------------------------------------------------------------- Ed25519 (RFC 8032)

  /** An RFC 8032 known answer: the secret seed, its public key, a message and its signature. */
  public record Rfc8032Test(
      int tcId, String name, String comment, Bytes secret, PublicKey publicKey, Bytes message,
      Signature signature) {}

  public static List<Rfc8032Test> rfc8032() {
    List<Rfc8032Test> tests = new ArrayList<>();
    for (JsonNode test : read(RFC8032).path("tests")) {
      tests.add(
          new Rfc8032Test(
              test.path("tcId").asInt(),
              text(test, "name"),
              test.path("comment").asText(),
              hex(test, "secret"),
              new PublicKey(hex(test, "public")),
              hex(test, "message"),
              new Signature(hex(test, "signature"))));
    }
    return List.copyOf(tests);
  }

  // ---------------------------------------------------------------- BLAKE3

  /**
   * The official BLAKE3 vectors: one key and one context string for all cases; each case hashes
   * {@code inputLength} bytes where byte i is {@code i % 251}, and gives 131 bytes of extended output
   * per mode (the default 32-byte output is its prefix).
   */
  public record Blake3Suite(Bytes key, String contextString, List<Blake3Case> cases) {}

  public record Blake3Case(int inputLength, Bytes hash, Bytes keyedHash, Bytes deriveKey) {
    /** The input of this case: byte i is i mod 251. */
    public byte[] input() {
      byte[] input = new byte[inputLength];
      for (int i = 0; i < inputLength; i++) {
        input[i] = (byte) (i % 251);
      }
      return input;
    }
  }

  public static Blake3Suite blake3() {
    JsonNode root = read(BLAKE3);
    List<Blake3Case> cases = new ArrayList<>();
    for (JsonNode test : root.path("cases")) {
      cases.add(
          new Blake3Case(
              test.path("input_len").asInt(),
              hex(test, "hash"),
              hex(test, "keyed_hash"),
              hex(test, "derive_key")));
    }
    return new Blake3Suite(
        Bytes.of(text(root, "key").getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        text(root, "context_string"),
        List.copyOf(cases));
  }

  // ---------------------------------------------------------------- event headers

  /**
   * The header vectors and the decode limits they assume.
   *
   * @param limits the limits under which the vectors were written (the defaults of event-core)
   */
  public record HeaderSuite(DecodeLimits limits, List<HeaderTest> tests) {}

  /**
   * One header, maybe with a body, and what decoding it must give.
   *
   * @param error the reason code when {@code result} is invalid, e.g. {@code INVALID_FIELD}
   * @param expected the decoded fields when {@code result} is valid
   */
  public record HeaderTest(
      int tcId,
      String comment,
      List<String> flags,
      Bytes header,
      Optional<Bytes> body,
      Result result,
      Optional<String> error,
      Optional<ExpectedHeader> expected) {}

  /**
   * What a valid header decodes to.
   *
   * @param extensions the extensions item, byte for byte, if the header has one
   * @param extensionsLayout {@code none}, {@code opaque} or {@code walkaway}
   * @param logId the log the event belongs to: the extensions' log id, else 32 zero bytes
   * @param otherFields Walkaway-layout fields with keys 5 and up, as raw CBOR items
   */
  public record ExpectedHeader(
      Hash id,
      int version,
      PublicKey author,
      Signature signature,
      long payloadSize,
      Optional<Hash> payloadHash,
      long seqNum,
      Optional<Hash> backlink,
      Optional<Bytes> extensions,
      String extensionsLayout,
      LogId logId,
      OptionalLong timestampMicros,
      boolean prune,
      List<Hash> previous,
      Map<Long, Bytes> otherFields) {}

  public static HeaderSuite eventHeaders() {
    JsonNode root = read(EVENT_HEADER);
    JsonNode limits = root.path("limits");
    DecodeLimits decodeLimits =
        new DecodeLimits(
            limits.path("maxHeaderBytes").asInt(),
            limits.path("maxNestingDepth").asInt(),
            limits.path("maxItems").asInt(),
            limits.path("maxPayloadBytes").asLong());
    List<HeaderTest> tests = new ArrayList<>();
    for (JsonNode test : root.path("tests")) {
      Result result = Result.parse(text(test, "result"));
      tests.add(
          new HeaderTest(
              test.path("tcId").asInt(),
              test.path("comment").asText(),
              strings(test.path("flags")),
              hex(test, "header"),
              optionalHex(test, "body"),
              result,
              optionalText(test, "error"),
              test.has("expected") ? Optional.of(expectedHeader(test.get("expected"))) : Optional.empty()));
    }
    expectCount(EVENT_HEADER, root, tests.size());
    return new HeaderSuite(decodeLimits, List.copyOf(tests));
  }

  private static ExpectedHeader expectedHeader(JsonNode node) {
    List<Hash> previous = new ArrayList<>();
    for (JsonNode id : node.path("previous")) {
      previous.add(Hash.fromHex(id.asText()));
    }
    Map<Long, Bytes> otherFields = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : node.path("otherFields").properties()) {
      otherFields.put(Long.parseUnsignedLong(field.getKey()), Bytes.fromHex(field.getValue().asText()));
    }
    return new ExpectedHeader(
        Hash.fromHex(text(node, "id")),
        node.path("version").asInt(),
        new PublicKey(hex(node, "author")),
        new Signature(hex(node, "signature")),
        node.path("payloadSize").asLong(),
        optionalHex(node, "payloadHash").map(Hash::new),
        node.path("seqNum").asLong(),
        optionalHex(node, "backlink").map(Hash::new),
        optionalHex(node, "extensions"),
        text(node, "extensionsLayout"),
        new LogId(hex(node, "logId")),
        isPresent(node, "timestampMicros")
            ? OptionalLong.of(node.get("timestampMicros").asLong())
            : OptionalLong.empty(),
        node.path("prune").asBoolean(),
        List.copyOf(previous),
        Map.copyOf(otherFields));
  }

  // ---------------------------------------------------------------- event logs

  /** The log vectors: sequences appended to an empty store, and single predecessor checks. */
  public record LogSuite(List<AppendTest> appendTests, List<PredecessorTest> predecessorTests) {}

  /**
   * Events appended one by one to an empty store, the outcome of each, and what the store holds
   * afterwards.
   */
  public record AppendTest(
      int tcId,
      String comment,
      List<String> flags,
      List<AppendStep> events,
      List<ExpectedLog> finalLogs,
      List<ExpectedFork> forks) {}

  /**
   * One event to append and its outcome.
   *
   * @param outcome {@code appended}, {@code duplicate} or {@code rejected}
   * @param error the reason code when rejected
   */
  public record AppendStep(Bytes header, Optional<Bytes> body, String outcome, Optional<String> error) {}

  /** A log as the store holds it at the end: every event still kept, ascending, and its prune point. */
  public record ExpectedLog(PublicKey author, LogId logId, long prunePoint, List<ExpectedEntry> entries) {}

  /** @param hasBody whether the store holds the event's body */
  public record ExpectedEntry(long seqNum, Hash id, boolean hasBody) {}

  /** Evidence of a fork: the event kept and the one rejected at the same position. */
  public record ExpectedFork(PublicKey author, LogId logId, long seqNum, Hash kept, Hash rejected) {}

  /**
   * An event checked against a candidate predecessor (the event at the previous position of the same
   * log, or none).
   */
  public record PredecessorTest(
      int tcId,
      String comment,
      List<String> flags,
      Bytes event,
      Optional<Bytes> previous,
      Result result,
      Optional<String> error) {}

  public static LogSuite eventLogs() {
    JsonNode root = read(EVENT_LOG);
    List<AppendTest> appendTests = new ArrayList<>();
    List<PredecessorTest> predecessorTests = new ArrayList<>();
    for (JsonNode group : root.path("testGroups")) {
      String type = text(group, "type");
      for (JsonNode test : group.path("tests")) {
        switch (type) {
          case "AppendSequence" -> appendTests.add(appendTest(test));
          case "PredecessorCheck" ->
              predecessorTests.add(
                  new PredecessorTest(
                      test.path("tcId").asInt(),
                      test.path("comment").asText(),
                      strings(test.path("flags")),
                      hex(test, "event"),
                      optionalHex(test, "previous"),
                      Result.parse(text(test, "result")),
                      optionalText(test, "error")));
          default -> throw new ConformanceException(EVENT_LOG + ": unknown test group type " + type);
        }
      }
    }
    expectCount(EVENT_LOG, root, appendTests.size() + predecessorTests.size());
    return new LogSuite(List.copyOf(appendTests), List.copyOf(predecessorTests));
  }

  private static AppendTest appendTest(JsonNode test) {
    List<AppendStep> steps = new ArrayList<>();
    for (JsonNode step : test.path("events")) {
      steps.add(
          new AppendStep(
              hex(step, "header"), optionalHex(step, "body"), text(step, "result"), optionalText(step, "error")));
    }
    List<ExpectedLog> logs = new ArrayList<>();
    for (JsonNode log : test.path("finalLogs")) {
      List<ExpectedEntry> entries = new ArrayList<>();
      for (JsonNode entry : log.path("entries")) {
        entries.add(
            new ExpectedEntry(
                entry.path("seqNum").asLong(), Hash.fromHex(text(entry, "id")), entry.path("body").asBoolean()));
      }
      logs.add(
          new ExpectedLog(
              new PublicKey(hex(log, "author")),
              new LogId(hex(log, "logId")),
              log.path("prunePoint").asLong(),
              List.copyOf(entries)));
    }
    List<ExpectedFork> forks = new ArrayList<>();
    for (JsonNode fork : test.path("forks")) {
      forks.add(
          new ExpectedFork(
              new PublicKey(hex(fork, "author")),
              new LogId(hex(fork, "logId")),
              fork.path("seqNum").asLong(),
              Hash.fromHex(text(fork, "kept")),
              Hash.fromHex(text(fork, "rejected"))));
    }
    return new AppendTest(
        test.path("tcId").asInt(),
        test.path("comment").asText(),
        strings(test.path("flags")),
        List.copyOf(steps),
        List.copyOf(logs),
        List.copyOf(forks));
  }

  // ---------------------------------------------------------------- reading

  /**
   * Opens a vector file as a stream, e.g. {@code open("event-header.json")}; the caller closes it.
   *
   * @throws ConformanceException if there is no such file
   */
  public static InputStream open(String file) {
    InputStream in = Vectors.class.getResourceAsStream("vectors/" + file);
    if (in == null) {
      throw new ConformanceException("no vector file " + file + " among this module's resources");
    }
    return in;
  }

  private static JsonNode read(String file) {
    try (InputStream in = open(file)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new ConformanceException("cannot read vector file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void expectCount(String file, JsonNode root, int actual) {
    if (root.has("numberOfTests") && root.get("numberOfTests").asInt() != actual) {
      throw new ConformanceException(
          file + " says numberOfTests " + root.get("numberOfTests").asInt() + " but holds " + actual);
    }
  }

  private static boolean isPresent(JsonNode node, String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  private static String text(JsonNode node, String field) {
    if (!isPresent(node, field)) {
      throw new ConformanceException("missing field \"" + field + "\" in " + node);
    }
    return node.get(field).asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    return isPresent(node, field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  private static Bytes hex(JsonNode node, String field) {
    return Bytes.fromHex(text(node, field));
  }

  private static Optional<Bytes> optionalHex(JsonNode node, String field) {
    return optionalText(node, field).map(Bytes::fromHex);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      values.add(Objects.requireNonNull(value.asText()));
    }
    return List.copyOf(values);
  }
}

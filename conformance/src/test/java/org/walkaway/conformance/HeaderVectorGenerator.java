package org.walkaway.conformance;

import static org.walkaway.conformance.Cbor.array;
import static org.walkaway.conformance.Cbor.bytes;
import static org.walkaway.conformance.Cbor.concat;
import static org.walkaway.conformance.Cbor.head;
import static org.walkaway.conformance.Cbor.map;
import static org.walkaway.conformance.Cbor.negative;
import static org.walkaway.conformance.Cbor.raw;
import static org.walkaway.conformance.Cbor.text;
import static org.walkaway.conformance.Cbor.uint;
import static org.walkaway.conformance.VectorJson.hex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.walkaway.core.Blake3;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.SigningKey;

/**
 * Writes {@code vectors/event-header.json}: header vectors in the style of Wycheproof.
 *
 * <p>Deterministic: keys come from fixed seeds, Ed25519 signing is deterministic, and the JSON is
 * written in a fixed layout, so running it twice gives the same file. {@code GeneratedVectorsTest}
 * checks that the committed file is exactly what this class writes. To regenerate after a change:
 *
 * <pre>
 *   mvn -q -pl conformance test -Dtest=GeneratedVectorsTest -Dwalkaway.conformance.regenerate=true
 * </pre>
 *
 * Headers are written with this module's own small CBOR writer ({@link Cbor}), not with event-core's
 * encoder, and the expected fields are what the generator wrote, not what event-core decodes. Every
 * invalid header that still has a signature is signed correctly over its own bytes (see
 * {@link HeaderDraft}), so that its only defect is the one its comment names.
 */
final class HeaderVectorGenerator {
  static final String FILE = "event-header.json";

  private static final String KEY_CONTEXT = "walkaway 2026-11 conformance vectors signing key";

  static byte[] seed(String name) {
    return Blake3.deriveKey(KEY_CONTEXT, name.getBytes(StandardCharsets.UTF_8), 32);
  }

  static SigningKey key(String name) {
    return SigningKey.fromSeed(seed(name));
  }

  static final SigningKey ALICE = key("alice");
  static final SigningKey BOB = key("bob");

  /** The key of p2panda-core's own serde fixture test, so that its headers can be compared byte for byte. */
  static final SigningKey P2PANDA_FIXTURE_KEY =
      SigningKey.fromSeedHex("f47b55d7a1cc5ee3effd80a4e4a0c33112317d0432da9de6ae019ae7e78e16aa");

  static final Body BODY = Body.ofText("Hello, Walkaway!");
  static final LogId LOG = LogId.ofTopic("conformance/chat");

  /** 2026-01-01T00:00:00Z in microseconds. */
  static final long TIMESTAMP = 1_767_225_600_000_000L;

  private static final long MAX_U32 = 0xFFFF_FFFFL;
  private static final Map<String, String> NOTES = notes();

  private final ArrayNode tests = VectorJson.MAPPER.createArrayNode();
  private final DecodeLimits limits = DecodeLimits.DEFAULT;
  private int nextId = 1;

  public static void main(String[] args) {
    VectorJson.writeCommitted(FILE, generate());
  }

  static String generate() {
    return new HeaderVectorGenerator().build();
  }

  static Hash fakeId(String label) {
    return Hash.of(("conformance id " + label).getBytes(StandardCharsets.UTF_8));
  }

  private String build() {
    presenceRules();
    walkawayExtensions();
    opaqueExtensions();
    encoding();
    nonCanonical();
    fields();
    extensionsLayout();
    signatures();
    payload();
    limits();

    ObjectNode root = VectorJson.object();
    root.put("algorithm", "walkaway-event-v1");
    root.put("generatedBy", "conformance/src/test/java/org/walkaway/conformance/HeaderVectorGenerator.java; do not edit by hand");
    root.put("numberOfTests", tests.size());
    root.put(
        "description",
        "Event headers (hex) with an optional body (hex). Decode each with the limits below. A valid one"
            + " must decode to exactly the expected fields, its id being BLAKE3-256 of the header bytes as"
            + " given; an invalid one must be rejected with the reason code in 'error'. See the"
            + " conformance README for the format and the meaning of each reason code.");
    ObjectNode limitsNode = root.putObject("limits");
    limitsNode.put("maxHeaderBytes", limits.maxHeaderBytes());
    limitsNode.put("maxNestingDepth", limits.maxNestingDepth());
    limitsNode.put("maxItems", limits.maxItems());
    limitsNode.put("maxPayloadBytes", limits.maxPayloadBytes());
    ObjectNode notes = root.putObject("notes");
    NOTES.forEach(notes::put);
    root.set("tests", tests);
    return VectorJson.write(root);
  }

  // ------------------------------------------------------------------ valid: presence rules

  private void presenceRules() {
    valid("seq 0, payload size 0, no extensions: the smallest header (5 elements)",
        List.of("Valid", "SeqZero", "NoExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()));
    valid("seq 0, payload size 0, with its (empty) body",
        List.of("Valid", "SeqZero", "NoExtensions", "Body"),
        HeaderDraft.of(ALICE, Optional.of(Body.of(new byte[0])), 0, Optional.empty()));
    byte[] first =
        valid("seq 0 with a payload hash, with its body (6 elements)",
            List.of("Valid", "SeqZero", "NoExtensions", "Body"),
            HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty()));
    valid("seq 0 with a payload hash, body not at hand: a header alone is valid",
        List.of("Valid", "SeqZero", "NoExtensions"),
        HeaderDraft.of(ALICE, BODY.size(), Optional.of(BODY.hash()), 0, Optional.empty()));
    valid("seq 1 with payload hash and backlink, with its body (7 elements)",
        List.of("Valid", "SeqNonZero", "NoExtensions", "Body"),
        HeaderDraft.of(ALICE, Optional.of(Body.ofText("second")), 1, Optional.of(Hash.of(first))));
    valid("seq 1 with payload size 0: a backlink but no payload hash (6 elements)",
        List.of("Valid", "SeqNonZero", "NoExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.of(Hash.of(first))));
    valid("the highest sequence number, 2^32-1",
        List.of("Valid", "SeqNonZero", "NoExtensions", "IntegerRange"),
        HeaderDraft.of(ALICE, Optional.empty(), MAX_U32, Optional.of(fakeId("max seq"))));
    valid("payload size 23: the largest size in the initial byte",
        List.of("Valid", "SeqZero", "NoExtensions", "Body"),
        HeaderDraft.of(ALICE, Optional.of(Body.of(filled(23, 'a'))), 0, Optional.empty()));
    valid("payload size 24: the smallest size in a one-byte argument (0x18 0x18)",
        List.of("Valid", "SeqZero", "NoExtensions", "Body"),
        HeaderDraft.of(ALICE, Optional.of(Body.of(filled(24, 'b'))), 0, Optional.empty()));
    valid("another author",
        List.of("Valid", "SeqZero", "NoExtensions", "Body"),
        HeaderDraft.of(BOB, Optional.of(Body.ofText("from bob")), 0, Optional.empty()));

    // p2panda-core's serde fixture test signs these three headers with this key and checks
    // their bytes; these vectors must come out byte for byte the same.
    valid("p2panda-core fixture: seq 0 without payload",
        List.of("Valid", "SeqZero", "NoExtensions", "P2panda"),
        HeaderDraft.of(P2PANDA_FIXTURE_KEY, Optional.empty(), 0, Optional.empty()));
    byte[] sloth =
        valid("p2panda-core fixture: seq 0 with the body \"Hello, Sloth!\"",
            List.of("Valid", "SeqZero", "NoExtensions", "Body", "P2panda"),
            HeaderDraft.of(P2PANDA_FIXTURE_KEY, Optional.of(Body.ofText("Hello, Sloth!")), 0, Optional.empty()));
    valid("p2panda-core fixture: seq 1 without payload, backlink to the previous fixture",
        List.of("Valid", "SeqNonZero", "NoExtensions", "P2panda"),
        HeaderDraft.of(P2PANDA_FIXTURE_KEY, Optional.empty(), 1, Optional.of(Hash.of(sloth))));
  }

  // ------------------------------------------------------------------ valid: Walkaway layout

  private void walkawayExtensions() {
    valid("Walkaway layout with only its version: the default log",
        List.of("Valid", "SeqZero", "WalkawayExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout()));
    valid("Walkaway layout with a log id",
        List.of("Valid", "SeqZero", "WalkawayExtensions", "Body"),
        HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().logId(LOG)));
    valid("Walkaway layout with a timestamp",
        List.of("Valid", "SeqZero", "WalkawayExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().timestampMicros(TIMESTAMP)));
    valid("Walkaway layout with timestamp 0",
        List.of("Valid", "SeqZero", "WalkawayExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().timestampMicros(0)));
    valid("Walkaway layout with the prune flag at seq 5",
        List.of("Valid", "SeqNonZero", "WalkawayExtensions", "Prune"),
        HeaderDraft.of(ALICE, Optional.empty(), 5, Optional.of(fakeId("seq 4")))
            .extensions(WalkawayExtensions.layout().logId(LOG).prune()));
    valid("Walkaway layout with the prune flag at seq 0",
        List.of("Valid", "SeqZero", "WalkawayExtensions", "Prune"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().prune()));
    valid("Walkaway layout with one causal dependency (previous)",
        List.of("Valid", "SeqZero", "WalkawayExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().previous(List.of(fakeId("dependency")))));
    valid("Walkaway layout with three causal dependencies, ascending",
        List.of("Valid", "SeqZero", "WalkawayExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().previous(sortedIds("x", "y", "z"))));
    valid("Walkaway layout with every field, a payload and a backlink: the full 8-element header",
        List.of("Valid", "SeqNonZero", "WalkawayExtensions", "Body", "Prune", "UnknownFields"),
        HeaderDraft.of(ALICE, Optional.of(BODY), 2, Optional.of(fakeId("seq 1")))
            .extensions(
                WalkawayExtensions.layout()
                    .logId(LOG)
                    .timestampMicros(TIMESTAMP)
                    .prune()
                    .previous(sortedIds("a", "b"))
                    .field(5, text("reserved for a later layout version"))
                    .field(16, map(text("capability"), bytes(filled(8, 'c'))))
                    .field(64, array(uint(1), uint(2), uint(3)))
                    .field(1000, uint(1000))));
    valid("Walkaway layout with an unknown field (key 5) from a newer version: kept, not interpreted",
        List.of("Valid", "SeqZero", "WalkawayExtensions", "UnknownFields"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().logId(LOG).field(5, text("from layout version 1.1"))));
    valid("Walkaway layout with the largest key, 2^64-1: keys are unsigned 64-bit",
        List.of("Valid", "SeqZero", "WalkawayExtensions", "UnknownFields"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().field(64, uint(64)).field(-1L, text("last"))));
    valid("Walkaway layout with an application field holding every allowed CBOR type",
        List.of("Valid", "SeqZero", "WalkawayExtensions", "UnknownFields"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(
                WalkawayExtensions.layout()
                    .field(
                        70,
                        array(
                            uint(0), uint(0xFFFF_FFFF_FFFF_FFFFL), negative(-1), negative(Long.MIN_VALUE),
                            bytes(new byte[0]), text(""), text("ünïcødé €"), array(), map(),
                            map(uint(1), Cbor.FALSE, text("k"), Cbor.NULL), Cbor.TRUE))));
  }

  // ------------------------------------------------------------------ valid: opaque extensions

  private void opaqueExtensions() {
    opaque("opaque extensions: null", Cbor.NULL);
    opaque("opaque extensions: a text string", text("p2panda"));
    opaque("opaque extensions: a map with text keys, as a p2panda application writes a struct",
        canonicalMap(text("log_id"), bytes(LOG.bytes().toArray()), text("expires"), uint(TIMESTAMP)));
    opaque("opaque extensions: a map with unsigned keys but no key 0 is not the Walkaway layout, so"
            + " its key 1 is no log id",
        map(uint(1), bytes(LOG.bytes().toArray())));
    opaque("opaque extensions: key 0 = 1 next to a text key is not the Walkaway layout (every key"
            + " must be an unsigned integer)",
        map(uint(0), uint(1), text("x"), Cbor.TRUE));
    opaque("opaque extensions: an empty map", map());
    opaque("opaque extensions: an array", array(uint(1), uint(2), uint(3)));
    opaque("opaque extensions: an empty array", array());
    opaque("opaque extensions: an unsigned integer", uint(7));
    opaque("opaque extensions: a negative integer", negative(-7));
    opaque("opaque extensions: false", Cbor.FALSE);
    opaque("opaque extensions: a 32-byte byte string after seq 0 is the extensions item, not a"
            + " backlink (decoding follows the values)",
        bytes(fakeId("looks like a backlink").bytes().toArray()));
    opaque("opaque extensions: map keys in bytewise order of their encodings (24 = 0x1818 before"
            + " -1 = 0x20), which length-first ordering would reverse",
        map(uint(24), uint(0), negative(-1), uint(0)));
    valid("opaque extensions after a payload hash and a backlink (8 elements)",
        List.of("Valid", "SeqNonZero", "OpaqueExtensions", "Body"),
        HeaderDraft.of(ALICE, Optional.of(BODY), 3, Optional.of(fakeId("seq 2")))
            .extensions(map(text("kind"), text("p2panda app"))));
  }

  private void opaque(String comment, byte[] item) {
    valid(comment, List.of("Valid", "SeqZero", "OpaqueExtensions"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(item));
  }

  // ------------------------------------------------------------------ invalid: structure

  /** A full header to break: payload, backlink and Walkaway extensions, as unsigned elements. */
  private static HeaderDraft full() {
    return HeaderDraft.of(ALICE, Optional.of(BODY), 1, Optional.of(fakeId("seq 0")))
        .extensions(WalkawayExtensions.layout().logId(LOG));
  }

  private void encoding() {
    byte[] header = full().sign();
    invalid("empty input", List.of("Truncated"), new byte[0], Reason.MALFORMED);
    invalid("truncated: only the array head", List.of("Truncated"), Arrays.copyOf(header, 1), Reason.MALFORMED);
    invalid("truncated inside the public key", List.of("Truncated"), Arrays.copyOf(header, 20), Reason.MALFORMED);
    invalid("truncated inside the signature", List.of("Truncated"), Arrays.copyOf(header, 70), Reason.MALFORMED);
    invalid("truncated: the last byte is missing", List.of("Truncated"),
        Arrays.copyOf(header, header.length - 1), Reason.MALFORMED);
    invalid("truncated: the array declares 8 elements, 7 follow", List.of("Truncated"), truncatedArray(),
        Reason.MALFORMED);
    invalid("trailing bytes: one zero byte after the array", List.of("TrailingBytes"),
        concat(header, raw(0x00)), Reason.MALFORMED);
    invalid("trailing bytes: the header twice", List.of("TrailingBytes"), concat(header, header), Reason.MALFORMED);
    invalid("not an array: the same elements in a map", List.of("WrongType"),
        concat(head(5, 3), Arrays.copyOfRange(header, 1, header.length)), Reason.MALFORMED);
    invalid("not an array: the header wrapped in a byte string", List.of("WrongType"), bytes(header), Reason.MALFORMED);
    invalid("the unsigned form (the signed message itself, 4 elements): the signature is missing",
        List.of("ElementCount"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).signedMessage(), Reason.MALFORMED);
    invalid("9 elements", List.of("ElementCount"), full().append(Cbor.NULL).sign(), Reason.MALFORMED);
    invalid("an element after the extensions (seq 0, payload size 0: 7 elements)", List.of("ElementCount"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(Cbor.NULL).append(Cbor.NULL).sign(),
        Reason.MALFORMED);
    invalid("a backlink at seq 0, followed by extensions: one element too many", List.of("ElementCount", "PresenceRule"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .append(bytes(fakeId("stray backlink").bytes().toArray()))
            .extensions(WalkawayExtensions.layout())
            .sign(),
        Reason.MALFORMED);

    // Wrong element types. Indexes count the elements without the signature.
    HeaderDraft seqZero = HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty());
    invalid("version is a text string", List.of("WrongType"), draft(seqZero).set(0, text("1")).sign(), Reason.MALFORMED);
    invalid("version is a byte string", List.of("WrongType"), draft(seqZero).set(0, bytes(raw(1))).sign(), Reason.MALFORMED);
    invalid("version is true", List.of("WrongType"), draft(seqZero).set(0, Cbor.TRUE).sign(), Reason.MALFORMED);
    invalid("public key is a text string (hex)", List.of("WrongType"),
        draft(seqZero).set(1, text(hex(author()))).sign(), Reason.MALFORMED);
    invalid("public key is an array of 32 integers", List.of("WrongType"),
        draft(seqZero).set(1, intArray(author())).sign(), Reason.MALFORMED);
    HeaderDraft textSignature = draft(seqZero);
    textSignature.signatureItem = signature -> text(hex(signature));
    invalid("signature is a text string (hex)", List.of("WrongType"), textSignature.sign(), Reason.MALFORMED);
    HeaderDraft nullSignature = draft(seqZero);
    nullSignature.signatureItem = signature -> Cbor.NULL;
    invalid("signature is null (an unsigned header with a placeholder)", List.of("WrongType"),
        nullSignature.sign(), Reason.MALFORMED);
    invalid("payload size is a byte string", List.of("WrongType"),
        draft(seqZero).set(2, bytes(raw(0, 0, 0, 0))).sign(), Reason.MALFORMED);
    invalid("payload size is a text string", List.of("WrongType"), draft(seqZero).set(2, text("0")).sign(), Reason.MALFORMED);
    invalid("payload size is null", List.of("WrongType"), draft(seqZero).set(2, Cbor.NULL).sign(), Reason.MALFORMED);
    invalid("sequence number is a text string (payload size 0)", List.of("WrongType"),
        draft(seqZero).set(3, text("0")).sign(), Reason.MALFORMED);
    HeaderDraft withPayload = HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty());
    invalid("sequence number is a byte string (after a payload hash)", List.of("WrongType"),
        draft(withPayload).set(4, bytes(raw(0))).sign(), Reason.MALFORMED);
    invalid("sequence number is a map (after a payload hash)", List.of("WrongType"),
        draft(withPayload).set(4, map()).sign(), Reason.MALFORMED);

    // Lengths that promise more than there is. Nothing may be allocated for them.
    invalid("public key declares 2^64-1 bytes", List.of("HugeLength"),
        draft(seqZero).set(1, concat(head(2, 0xFFFF_FFFF_FFFF_FFFFL, 8), author())).sign(), Reason.MALFORMED);
    invalid("public key declares 2^32-1 bytes", List.of("HugeLength"),
        draft(seqZero).set(1, concat(head(2, MAX_U32, 4), author())).sign(), Reason.MALFORMED);
    invalid("signature declares 65 bytes, 64 follow and then the header ends", List.of("HugeLength"),
        truncatedSignature(), Reason.MALFORMED);
    invalid("extensions: a text string declares 2^32-1 bytes", List.of("HugeLength"),
        draft(seqZero).extensions(concat(head(3, MAX_U32, 4), raw('a'))).sign(), Reason.MALFORMED);
    invalid("extensions: an array declares 2^63 elements", List.of("HugeLength"),
        draft(seqZero).extensions(concat(head(4, Long.MIN_VALUE, 8), uint(0))).sign(), Reason.MALFORMED);
    invalid("extensions: a map declares 2^32 entries", List.of("HugeLength"),
        draft(seqZero).extensions(concat(head(5, 0x1_0000_0000L, 8), uint(0), uint(1))).sign(), Reason.MALFORMED);
    invalid("the header array declares 2^64-1 elements", List.of("HugeLength", "ElementCount"),
        concat(head(4, 0xFFFF_FFFF_FFFF_FFFFL, 8), Arrays.copyOfRange(header, 1, header.length)), Reason.MALFORMED);

    // Reserved or misplaced encodings.
    invalid("extensions: reserved additional information 28", List.of("ReservedEncoding"),
        draft(seqZero).extensions(raw(0x1c)).sign(), Reason.MALFORMED);
    invalid("extensions: a break code outside an indefinite-length item", List.of("ReservedEncoding"),
        draft(seqZero).extensions(raw(0xff)).sign(), Reason.MALFORMED);
    invalid("extensions: additional information 31 on an unsigned integer", List.of("ReservedEncoding"),
        draft(seqZero).extensions(raw(0x1f)).sign(), Reason.MALFORMED);
    invalid("extensions: a text string that is not UTF-8", List.of("InvalidUtf8"),
        draft(seqZero).extensions(concat(head(3, 2), raw(0xc3, 0x28))).sign(), Reason.MALFORMED);
  }

  /** The 8-element header with its last element cut off (the array head still says 8). */
  private static byte[] truncatedArray() {
    HeaderDraft draft = full();
    byte[] extensions = draft.extensions.orElseThrow();
    byte[] header = draft.sign();
    return Arrays.copyOf(header, header.length - extensions.length);
  }

  /** A seq-0 header whose signature head says 65 bytes; the 64 there are the last bytes of the input. */
  private static byte[] truncatedSignature() {
    HeaderDraft draft = HeaderDraft.raw(ALICE, uint(1), bytes(author()));
    draft.signatureItem = signature -> concat(head(2, 65), signature);
    // The header ends right after the signature: payload size and sequence number are swallowed.
    byte[] header = draft.sign();
    header[0] = (byte) 0x85;
    return header;
  }

  // ------------------------------------------------------------------ invalid: canonical form

  private void nonCanonical() {
    HeaderDraft seqZero = HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty());
    HeaderDraft longHead = draft(seqZero);
    longHead.arrayHead = count -> head(4, count, 1);
    invalid("array head in two bytes (0x98 0x05)", List.of("NonShortest"), longHead.sign(), Reason.NON_CANONICAL);
    invalid("version 1 in two bytes (0x18 0x01)", List.of("NonShortest"),
        draft(seqZero).set(0, head(0, 1, 1)).sign(), Reason.NON_CANONICAL);
    invalid("public key length in three bytes (0x59 0x0020)", List.of("NonShortest"),
        draft(seqZero).set(1, concat(head(2, 32, 2), author())).sign(), Reason.NON_CANONICAL);
    HeaderDraft longSignature = draft(seqZero);
    longSignature.signatureItem = signature -> concat(head(2, 64, 2), signature);
    invalid("signature length in three bytes (0x59 0x0040)", List.of("NonShortest"),
        longSignature.sign(), Reason.NON_CANONICAL);
    HeaderDraft withPayload = HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty());
    invalid("payload size 16 in three bytes (0x19 0x0010)", List.of("NonShortest"),
        draft(withPayload).set(2, head(0, BODY.size(), 2)).sign(), Reason.NON_CANONICAL);
    invalid("payload size 23 in two bytes (0x18 0x17)", List.of("NonShortest"),
        HeaderDraft.of(ALICE, Optional.of(Body.of(filled(23, 'a'))), 0, Optional.empty())
            .set(2, head(0, 23, 1)).sign(), Reason.NON_CANONICAL);
    invalid("sequence number 1 in five bytes (0x1a 0x00000001)", List.of("NonShortest"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.of(fakeId("seq 0"))).set(3, head(0, 1, 4)).sign(),
        Reason.NON_CANONICAL);
    invalid("sequence number 0 in nine bytes", List.of("NonShortest"),
        draft(seqZero).set(3, head(0, 0, 8)).sign(), Reason.NON_CANONICAL);
    invalid("extensions: map head in two bytes", List.of("NonShortest"),
        draft(seqZero).extensions(concat(head(5, 1, 1), uint(0), uint(1))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: layout key 0 in two bytes", List.of("NonShortest"),
        draft(seqZero).extensions(map(head(0, 0, 1), uint(1))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: timestamp in nine bytes", List.of("NonShortest"),
        draft(seqZero).extensions(map(uint(0), uint(1), uint(2), head(0, 5, 8))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: a negative integer in two bytes", List.of("NonShortest"),
        draft(seqZero).extensions(head(1, 0, 1)).sign(), Reason.NON_CANONICAL);

    HeaderDraft indefinite = draft(seqZero).append(raw(0xff));
    indefinite.arrayHead = count -> raw(0x9f);
    invalid("the header array has indefinite length", List.of("Indefinite"), indefinite.sign(), Reason.NON_CANONICAL);
    invalid("public key as an indefinite-length byte string of one chunk", List.of("Indefinite"),
        draft(seqZero).set(1, concat(raw(0x5f), bytes(author()), raw(0xff))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: an indefinite-length map", List.of("Indefinite"),
        draft(seqZero).extensions(raw(0xbf, 0x00, 0x01, 0xff)).sign(), Reason.NON_CANONICAL);
    invalid("extensions: an indefinite-length text string", List.of("Indefinite"),
        draft(seqZero).extensions(concat(raw(0x7f), text("abc"), raw(0xff))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: an indefinite-length array", List.of("Indefinite"),
        draft(seqZero).extensions(raw(0x9f, 0x01, 0xff)).sign(), Reason.NON_CANONICAL);

    invalid("the header behind the self-described CBOR tag 55799", List.of("Tag"),
        concat(head(6, 55799), seqZero.sign()), Reason.NON_CANONICAL);
    invalid("public key with tag 64 (typed array)", List.of("Tag"),
        draft(seqZero).set(1, concat(head(6, 64), bytes(author()))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: timestamp with tag 1 (epoch time)", List.of("Tag"),
        draft(seqZero).extensions(map(uint(0), uint(1), uint(2), concat(head(6, 1), uint(1_767_225_600L)))).sign(),
        Reason.NON_CANONICAL);
    invalid("extensions: a bignum (tag 2)", List.of("Tag"),
        draft(seqZero).extensions(concat(head(6, 2), bytes(raw(1, 0, 0, 0, 0, 0, 0, 0, 0)))).sign(),
        Reason.NON_CANONICAL);

    invalid("extensions: a half-precision float", List.of("Float"),
        draft(seqZero).extensions(raw(0xf9, 0x3c, 0x00)).sign(), Reason.NON_CANONICAL);
    invalid("extensions: timestamp as a double", List.of("Float"),
        draft(seqZero).extensions(map(uint(0), uint(1), uint(2),
            concat(raw(0xfb), longBytes(Double.doubleToLongBits(1.7672256e15))))).sign(),
        Reason.NON_CANONICAL);
    invalid("payload size as a single-precision float", List.of("Float"),
        draft(seqZero).set(2, raw(0xfa, 0, 0, 0, 0)).sign(), Reason.NON_CANONICAL);
    invalid("extensions: undefined", List.of("SimpleValue"),
        draft(seqZero).extensions(raw(0xf7)).sign(), Reason.NON_CANONICAL);
    invalid("extensions: simple value 32", List.of("SimpleValue"),
        draft(seqZero).extensions(raw(0xf8, 0x20)).sign(), Reason.NON_CANONICAL);
    invalid("extensions: simple value 16 in the initial byte", List.of("SimpleValue"),
        draft(seqZero).extensions(raw(0xf0)).sign(), Reason.NON_CANONICAL);

    invalid("extensions: Walkaway layout keys out of order (1 before 0)", List.of("MapKeyOrder"),
        draft(seqZero).extensions(map(uint(1), bytes(LOG.bytes().toArray()), uint(0), uint(1))).sign(),
        Reason.NON_CANONICAL);
    invalid("extensions: a duplicate key (0 twice)", List.of("MapKeyOrder"),
        draft(seqZero).extensions(map(uint(0), uint(1), uint(0), uint(1))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: text keys out of order", List.of("MapKeyOrder"),
        draft(seqZero).extensions(map(text("b"), uint(1), text("a"), uint(2))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: keys in length-first order (-1 = 0x20 before 24 = 0x1818)", List.of("MapKeyOrder"),
        draft(seqZero).extensions(map(negative(-1), uint(0), uint(24), uint(0))).sign(), Reason.NON_CANONICAL);
    invalid("extensions: a duplicate key in a map nested in an unknown field", List.of("MapKeyOrder"),
        draft(seqZero).extensions(
            map(uint(0), uint(1), uint(64), array(map(text("a"), uint(1), text("a"), uint(1))))).sign(),
        Reason.NON_CANONICAL);
  }

  // ------------------------------------------------------------------ invalid: header fields

  private void fields() {
    HeaderDraft seqZero = HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty());
    Hash backlink = fakeId("seq 0");
    invalid("missing backlink at seq 1", List.of("PresenceRule"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.empty()).sign(), Reason.INVALID_FIELD);
    invalid("missing backlink at seq 1, Walkaway extensions in its place", List.of("PresenceRule"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.empty())
            .extensions(WalkawayExtensions.layout().logId(LOG)).sign(),
        Reason.INVALID_FIELD);
    invalid("a payload hash with payload size 0", List.of("PresenceRule"),
        HeaderDraft.of(ALICE, 0, Optional.of(BODY.hash()), 0, Optional.empty()).sign(), Reason.INVALID_FIELD);
    invalid("missing payload hash: payload size 16, then the sequence number", List.of("PresenceRule"),
        HeaderDraft.of(ALICE, BODY.size(), Optional.empty(), 0, Optional.empty()).sign(), Reason.INVALID_FIELD);
    invalid("missing payload hash at seq 1 with backlink and extensions", List.of("PresenceRule"),
        HeaderDraft.of(ALICE, BODY.size(), Optional.empty(), 1, Optional.of(backlink))
            .extensions(WalkawayExtensions.layout()).sign(),
        Reason.INVALID_FIELD);
    invalid("payload hash is a text string", List.of("PresenceRule", "WrongType"),
        HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty()).set(3, text(BODY.hash().toHex())).sign(),
        Reason.INVALID_FIELD);
    invalid("backlink is an unsigned integer", List.of("PresenceRule", "WrongType"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.of(backlink)).set(4, uint(0)).sign(),
        Reason.INVALID_FIELD);

    invalid("public key of 31 bytes", List.of("FieldLength"),
        draft(seqZero).set(1, bytes(Arrays.copyOf(author(), 31))).sign(), Reason.INVALID_FIELD);
    invalid("public key of 33 bytes", List.of("FieldLength"),
        draft(seqZero).set(1, bytes(Arrays.copyOf(author(), 33))).sign(), Reason.INVALID_FIELD);
    invalid("public key of 0 bytes", List.of("FieldLength"),
        draft(seqZero).set(1, bytes(new byte[0])).sign(), Reason.INVALID_FIELD);
    HeaderDraft shortSignature = draft(seqZero);
    shortSignature.signatureItem = signature -> bytes(Arrays.copyOf(signature, 63));
    invalid("signature of 63 bytes (the last one cut off)", List.of("FieldLength"),
        shortSignature.sign(), Reason.INVALID_FIELD);
    HeaderDraft longSignature = draft(seqZero);
    longSignature.signatureItem = signature -> bytes(Arrays.copyOf(signature, 65));
    invalid("signature of 65 bytes (a valid signature and a zero byte)", List.of("FieldLength"),
        longSignature.sign(), Reason.INVALID_FIELD);
    HeaderDraft emptySignature = draft(seqZero);
    emptySignature.signatureItem = signature -> bytes(new byte[0]);
    invalid("signature of 0 bytes", List.of("FieldLength"), emptySignature.sign(), Reason.INVALID_FIELD);
    invalid("payload hash of 31 bytes", List.of("FieldLength"),
        HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty())
            .set(3, bytes(Arrays.copyOf(BODY.hash().bytes().toArray(), 31))).sign(),
        Reason.INVALID_FIELD);
    invalid("payload hash of 64 bytes (BLAKE3 extended output)", List.of("FieldLength"),
        HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty())
            .set(3, bytes(Blake3.hash(BODY.bytes().toArray(), 64))).sign(),
        Reason.INVALID_FIELD);
    invalid("backlink of 31 bytes", List.of("FieldLength"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.of(backlink))
            .set(4, bytes(Arrays.copyOf(backlink.bytes().toArray(), 31))).sign(),
        Reason.INVALID_FIELD);
    invalid("backlink of 33 bytes", List.of("FieldLength"),
        HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.of(backlink))
            .set(4, bytes(Arrays.copyOf(backlink.bytes().toArray(), 33))).sign(),
        Reason.INVALID_FIELD);

    invalid("payload size 2^32", List.of("IntegerRange"),
        HeaderDraft.of(ALICE, 0x1_0000_0000L, Optional.of(BODY.hash()), 0, Optional.empty()).sign(),
        Reason.INVALID_FIELD);
    invalid("payload size 2^64-1", List.of("IntegerRange"),
        HeaderDraft.of(ALICE, 0xFFFF_FFFF_FFFF_FFFFL, Optional.of(BODY.hash()), 0, Optional.empty()).sign(),
        Reason.INVALID_FIELD);
    invalid("payload size -1", List.of("IntegerRange"),
        draft(seqZero).set(2, negative(-1)).sign(), Reason.INVALID_FIELD);
    invalid("sequence number 2^32", List.of("IntegerRange"),
        HeaderDraft.of(ALICE, Optional.empty(), 0x1_0000_0000L, Optional.of(backlink)).sign(), Reason.INVALID_FIELD);
    invalid("sequence number -1", List.of("IntegerRange"),
        draft(seqZero).set(3, negative(-1)).sign(), Reason.INVALID_FIELD);
    invalid("version -1", List.of("IntegerRange"), draft(seqZero).set(0, negative(-1)).sign(), Reason.INVALID_FIELD);

    invalid("version 2", List.of("Version"), draft(seqZero).set(0, uint(2)).sign(), Reason.UNSUPPORTED_VERSION);
    invalid("version 0", List.of("Version"), draft(seqZero).set(0, uint(0)).sign(), Reason.UNSUPPORTED_VERSION);
  }

  // ------------------------------------------------------------------ invalid: extensions layout

  private void extensionsLayout() {
    byte[] log = LOG.bytes().toArray();
    layoutInvalid("extensions layout version 2", List.of("ExtensionsVersion"),
        map(uint(0), uint(2), uint(1), bytes(log)), Reason.UNSUPPORTED_VERSION);
    layoutInvalid("extensions layout version 0", List.of("ExtensionsVersion"),
        map(uint(0), uint(0)), Reason.UNSUPPORTED_VERSION);
    layoutInvalid("extensions layout version as a text string", List.of("ExtensionsVersion"),
        map(uint(0), text("1")), Reason.UNSUPPORTED_VERSION);

    layoutInvalid("log id of 31 bytes", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(1), bytes(Arrays.copyOf(log, 31))), Reason.INVALID_EXTENSIONS);
    layoutInvalid("log id of 33 bytes", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(1), bytes(Arrays.copyOf(log, 33))), Reason.INVALID_EXTENSIONS);
    layoutInvalid("log id as a text string (a topic name instead of its id)", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(1), text("conformance/chat")), Reason.INVALID_EXTENSIONS);
    layoutInvalid("log id null", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(1), Cbor.NULL), Reason.INVALID_EXTENSIONS);
    layoutInvalid("timestamp as a text string", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(2), text("2026-01-01T00:00:00Z")), Reason.INVALID_EXTENSIONS);
    layoutInvalid("timestamp negative", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(2), negative(-1)), Reason.INVALID_EXTENSIONS);
    layoutInvalid("timestamp 2^63: above the largest timestamp, 2^63-1", List.of("ExtensionsField", "IntegerRange"),
        map(uint(0), uint(1), uint(2), uint(Long.MIN_VALUE)), Reason.INVALID_EXTENSIONS);
    layoutInvalid("prune flag false (leave the key out instead)", List.of("ExtensionsField", "Prune"),
        map(uint(0), uint(1), uint(3), Cbor.FALSE), Reason.INVALID_EXTENSIONS);
    layoutInvalid("prune flag null", List.of("ExtensionsField", "Prune"),
        map(uint(0), uint(1), uint(3), Cbor.NULL), Reason.INVALID_EXTENSIONS);
    layoutInvalid("prune flag 1 instead of true", List.of("ExtensionsField", "Prune"),
        map(uint(0), uint(1), uint(3), uint(1)), Reason.INVALID_EXTENSIONS);
    List<Hash> ids = sortedIds("p", "q");
    layoutInvalid("previous not in ascending order", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(4), idArray(ids.get(1), ids.get(0))), Reason.INVALID_EXTENSIONS);
    layoutInvalid("previous with the same id twice", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(4), idArray(ids.get(0), ids.get(0))), Reason.INVALID_EXTENSIONS);
    layoutInvalid("previous is an empty array (leave the key out instead)", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(4), array()), Reason.INVALID_EXTENSIONS);
    layoutInvalid("previous holds an id of 31 bytes", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(4), array(bytes(Arrays.copyOf(ids.get(0).bytes().toArray(), 31)))),
        Reason.INVALID_EXTENSIONS);
    layoutInvalid("previous holds a text string", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(4), array(text(ids.get(0).toHex()))), Reason.INVALID_EXTENSIONS);
    layoutInvalid("previous is one id, not an array of ids", List.of("ExtensionsField"),
        map(uint(0), uint(1), uint(4), bytes(ids.get(0).bytes().toArray())), Reason.INVALID_EXTENSIONS);
  }

  private void layoutInvalid(String comment, List<String> flags, byte[] extensions, Reason reason) {
    invalid(comment, flags,
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(extensions).sign(), reason);
  }

  // ------------------------------------------------------------------ invalid: signatures

  private void signatures() {
    HeaderDraft draft =
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(WalkawayExtensions.layout().logId(LOG));
    byte[] signature = draft.signature();

    byte[] flippedS = signature.clone();
    flippedS[32] ^= 0x01;
    invalid("one bit of S flipped", List.of("BadSignature"), draft.withSignature(flippedS), Reason.BAD_SIGNATURE);
    byte[] flippedR = signature.clone();
    flippedR[0] ^= 0x01;
    invalid("one bit of R flipped", List.of("BadSignature"), draft.withSignature(flippedR), Reason.BAD_SIGNATURE);
    byte[] changed = draft.withSignature(signature);
    changed[changed.length - 1] ^= 0x01;
    invalid("a log id byte changed after signing", List.of("BadSignature"), changed, Reason.BAD_SIGNATURE);
    HeaderDraft otherSigner = draft(draft);
    otherSigner.signer = BOB;
    invalid("signed by another key than the author's", List.of("BadSignature"), otherSigner.sign(), Reason.BAD_SIGNATURE);
    HeaderDraft zeroPlaceholder = draft(draft);
    zeroPlaceholder.message = message -> zeroPlaceholder.withSignature(new byte[64]);
    invalid("signature over the whole header with 64 zero bytes in the signature's place",
        List.of("BadSignature"), zeroPlaceholder.sign(), Reason.BAD_SIGNATURE);
    HeaderDraft nullPlaceholder = draft(draft);
    nullPlaceholder.message =
        message -> {
          HeaderDraft withNull = draft(draft);
          withNull.signatureItem = ignored -> Cbor.NULL;
          return withNull.withSignature(new byte[0]);
        };
    invalid("signature over the header with null in the signature's place (array not shortened)",
        List.of("BadSignature"), nullPlaceholder.sign(), Reason.BAD_SIGNATURE);
    HeaderDraft prehashed = draft(draft);
    prehashed.message = message -> Hash.of(message).bytes().toArray();
    invalid("signature over BLAKE3 of the signed message instead of the message", List.of("BadSignature"),
        prehashed.sign(), Reason.BAD_SIGNATURE);
    invalid("signature of 64 zero bytes", List.of("BadSignature", "SmallOrder"),
        draft.withSignature(new byte[64]), Reason.BAD_SIGNATURE);

    byte[] forgerSeed = seed("forger");
    byte[] forgerKey = SigningKey.fromSeed(forgerSeed).publicKey().bytes().toArray();
    HeaderDraft identityAuthor = HeaderDraft.raw(ALICE, uint(1), bytes(Ed25519Forgery.IDENTITY), uint(0), uint(0));
    invalid("author is the identity point (small order): R = [a]B, S = a verifies every message"
            + " under lax verification",
        List.of("SmallOrder"),
        identityAuthor.withSignature(Ed25519Forgery.forSmallOrderKey(forgerSeed, forgerKey)),
        Reason.BAD_SIGNATURE);
    byte[] nonCanonicalIdentity = Ed25519Forgery.IDENTITY.clone();
    nonCanonicalIdentity[0] = (byte) 0xee;
    Arrays.fill(nonCanonicalIdentity, 1, 31, (byte) 0xff);
    nonCanonicalIdentity[31] = 0x7f;
    HeaderDraft nonCanonicalAuthor = HeaderDraft.raw(ALICE, uint(1), bytes(nonCanonicalIdentity), uint(0), uint(0));
    invalid("author is the identity point encoded as y = p + 1 (small order, not canonical)",
        List.of("SmallOrder"),
        nonCanonicalAuthor.withSignature(Ed25519Forgery.forSmallOrderKey(forgerSeed, forgerKey)),
        Reason.BAD_SIGNATURE);
    byte[] aliceSeed = seed("alice");
    invalid("R is the identity point (small order), S = k*a: verifies under lax verification",
        List.of("SmallOrder"),
        draft.withSignature(Ed25519Forgery.withSmallOrderR(aliceSeed, author(), draft.signedMessage())),
        Reason.BAD_SIGNATURE);
    invalid("S + L instead of S (malleated): the same signature under lax verification",
        List.of("Malleability"),
        draft.withSignature(Ed25519Forgery.malleated(signature)), Reason.BAD_SIGNATURE);
  }

  // ------------------------------------------------------------------ invalid: body

  private void payload() {
    HeaderDraft draft = HeaderDraft.of(ALICE, Optional.of(BODY), 0, Optional.empty());
    byte[] header = draft.sign();
    byte[] body = BODY.bytes().toArray();
    invalid("body one byte longer than the payload size", List.of("PayloadMismatch"), header,
        Optional.of(concat(body, raw('!'))), Reason.PAYLOAD_MISMATCH);
    invalid("body one byte shorter than the payload size", List.of("PayloadMismatch"), header,
        Optional.of(Arrays.copyOf(body, body.length - 1)), Reason.PAYLOAD_MISMATCH);
    byte[] altered = body.clone();
    altered[0] ^= 0x20;
    invalid("body of the right length whose BLAKE3 hash differs", List.of("PayloadMismatch"), header,
        Optional.of(altered), Reason.PAYLOAD_MISMATCH);
    invalid("empty body for a payload size above 0", List.of("PayloadMismatch"), header,
        Optional.of(new byte[0]), Reason.PAYLOAD_MISMATCH);
    invalid("a body for payload size 0", List.of("PayloadMismatch"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).sign(), Optional.of(body),
        Reason.PAYLOAD_MISMATCH);
  }

  // ------------------------------------------------------------------ limits

  private void limits() {
    valid("header of exactly maxHeaderBytes (32768) bytes",
        List.of("Valid", "SeqZero", "OpaqueExtensions", "Limit"), headerOfSize(limits.maxHeaderBytes()));
    invalid("header of maxHeaderBytes + 1 (32769) bytes", List.of("Limit"),
        headerOfSize(limits.maxHeaderBytes() + 1).sign(), Reason.LIMIT_EXCEEDED);
    valid("extensions nested maxNestingDepth (16) deep: 16 arrays, the extensions item being the first",
        List.of("Valid", "SeqZero", "OpaqueExtensions", "Limit"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(nested(limits.maxNestingDepth())));
    invalid("extensions nested maxNestingDepth + 1 (17) deep", List.of("Limit"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty())
            .extensions(nested(limits.maxNestingDepth() + 1)).sign(),
        Reason.LIMIT_EXCEEDED);
    invalid("extensions nested 10000 deep (a decoder that recurses without a bound overflows its stack)",
        List.of("Limit"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(nested(10_000)).sign(),
        Reason.LIMIT_EXCEEDED);
    // Items: each header element counts, and each array element, map key and map value inside.
    // [version, key, signature, size, seq, extensions] is 6; the extensions array adds its elements.
    int room = limits.maxItems() - 6;
    valid("maxItems (4096) CBOR items: 6 header elements and an array of 4090 integers",
        List.of("Valid", "SeqZero", "OpaqueExtensions", "Limit"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(zeros(room)));
    invalid("maxItems + 1 (4097) CBOR items", List.of("Limit"),
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(zeros(room + 1)).sign(),
        Reason.LIMIT_EXCEEDED);
    valid("payload size of exactly maxPayloadBytes (64 MiB), body not at hand",
        List.of("Valid", "SeqZero", "NoExtensions", "Limit"),
        HeaderDraft.of(ALICE, limits.maxPayloadBytes(), Optional.of(fakeId("a large payload")), 0, Optional.empty()));
    invalid("payload size of maxPayloadBytes + 1", List.of("Limit"),
        HeaderDraft.of(ALICE, limits.maxPayloadBytes() + 1, Optional.of(fakeId("a large payload")), 0, Optional.empty())
            .sign(),
        Reason.LIMIT_EXCEEDED);
    invalid("payload size 2^32-1: in range, above the payload limit", List.of("Limit"),
        HeaderDraft.of(ALICE, MAX_U32, Optional.of(fakeId("a huge payload")), 0, Optional.empty()).sign(),
        Reason.LIMIT_EXCEEDED);
  }

  /** A seq-0 header whose extensions are a byte string padding it to exactly {@code size} bytes. */
  private static HeaderDraft headerOfSize(int size) {
    int base = HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).sign().length;
    int padding = size - base - 3; // a byte string of 256..65535 bytes has a 3-byte head
    HeaderDraft draft =
        HeaderDraft.of(ALICE, Optional.empty(), 0, Optional.empty()).extensions(bytes(filled(padding, 'p')));
    if (draft.sign().length != size) {
      throw new IllegalStateException("padding arithmetic is off: " + draft.sign().length + " != " + size);
    }
    return draft;
  }

  private static byte[] nested(int depth) {
    byte[] item = new byte[depth];
    Arrays.fill(item, 0, depth - 1, (byte) 0x81);
    item[depth - 1] = (byte) 0x80;
    return item;
  }

  private static byte[] zeros(int count) {
    return concat(head(4, count), new byte[count]);
  }

  // ------------------------------------------------------------------ writing vectors

  private byte[] valid(String comment, List<String> flags, HeaderDraft draft) {
    byte[] signature = draft.signature();
    byte[] header = draft.withSignature(signature);
    ObjectNode test = test(comment, flags);
    test.put("header", hex(header));
    draft.body.ifPresent(body -> test.put("body", body.bytes().toHex()));
    test.put("result", "valid");
    ObjectNode expected = test.putObject("expected");
    expected.put("id", Hash.of(header).toHex());
    expected.put("version", 1);
    expected.put("author", hex(draft.author));
    expected.put("signature", hex(signature));
    expected.put("payloadSize", draft.payloadSize);
    putOptional(expected, "payloadHash", draft.payloadHash.map(Hash::toHex));
    expected.put("seqNum", draft.seqNum);
    putOptional(expected, "backlink", draft.backlink.map(Hash::toHex));
    putOptional(expected, "extensions", draft.extensions.map(VectorJson::hex));
    Optional<WalkawayExtensions> walkaway = draft.walkaway;
    expected.put(
        "extensionsLayout",
        draft.extensions.isEmpty() ? "none" : walkaway.isPresent() ? "walkaway" : "opaque");
    expected.put("logId", walkaway.flatMap(WalkawayExtensions::logId).orElse(LogId.DEFAULT).toHex());
    if (walkaway.isPresent() && walkaway.get().timestampMicros().isPresent()) {
      expected.put("timestampMicros", walkaway.get().timestampMicros().getAsLong());
    } else {
      expected.putNull("timestampMicros");
    }
    expected.put("prune", walkaway.map(WalkawayExtensions::isPrune).orElse(false));
    ArrayNode previous = expected.putArray("previous");
    walkaway.ifPresent(w -> w.previousIds().forEach(id -> previous.add(id.toHex())));
    ObjectNode other = expected.putObject("otherFields");
    walkaway.ifPresent(
        w -> w.otherFields().forEach((key, item) -> other.put(Long.toUnsignedString(key), hex(item))));
    return header;
  }

  private void invalid(String comment, List<String> flags, byte[] header, Reason reason) {
    invalid(comment, flags, header, Optional.empty(), reason);
  }

  private void invalid(String comment, List<String> flags, byte[] header, Optional<byte[]> body, Reason reason) {
    ObjectNode test = test(comment, flags);
    test.put("header", hex(header));
    body.ifPresent(b -> test.put("body", hex(b)));
    test.put("result", "invalid");
    test.put("error", reason.name());
  }

  private ObjectNode test(String comment, List<String> flags) {
    for (String flag : flags) {
      if (!NOTES.containsKey(flag)) {
        throw new IllegalStateException("flag without a note: " + flag);
      }
    }
    ObjectNode test = tests.addObject();
    test.put("tcId", nextId++);
    test.put("comment", comment);
    ArrayNode flagArray = test.putArray("flags");
    flags.forEach(flagArray::add);
    return test;
  }

  private static void putOptional(ObjectNode node, String field, Optional<String> value) {
    value.ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
  }

  // ------------------------------------------------------------------ small helpers

  /** A copy of {@code draft} to change without touching the original. */
  private static HeaderDraft draft(HeaderDraft draft) {
    HeaderDraft copy = HeaderDraft.raw(draft.signer, draft.elements.toArray(byte[][]::new));
    copy.arrayHead = draft.arrayHead;
    copy.signatureItem = draft.signatureItem;
    copy.message = draft.message;
    return copy;
  }

  private static byte[] author() {
    return ALICE.publicKey().bytes().toArray();
  }

  private static byte[] filled(int length, char c) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  private static byte[] intArray(byte[] values) {
    byte[][] items = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      items[i] = uint(values[i] & 0xff);
    }
    return array(items);
  }

  private static byte[] idArray(Hash... ids) {
    return array(Arrays.stream(ids).map(id -> bytes(id.bytes().toArray())).toArray(byte[][]::new));
  }

  static List<Hash> sortedIds(String... labels) {
    TreeSet<Hash> ids = new TreeSet<>();
    for (String label : labels) {
      ids.add(fakeId(label));
    }
    return List.copyOf(ids);
  }

  /** A map with its keys in canonical (bytewise) order, whatever order they are given in. */
  private static byte[] canonicalMap(byte[]... keysAndValues) {
    TreeMap<Bytes, byte[]> sorted = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      sorted.put(Bytes.of(keysAndValues[i]), keysAndValues[i + 1]);
    }
    List<byte[]> items = new ArrayList<>();
    sorted.forEach((key, value) -> {
      items.add(key.toArray());
      items.add(value);
    });
    return map(items.toArray(byte[][]::new));
  }

  private static byte[] longBytes(long value) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (value >>> (56 - 8 * i));
    }
    return bytes;
  }

  private static Map<String, String> notes() {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("Valid", "A header that must decode, with exactly the expected fields.");
    notes.put("SeqZero", "Sequence number 0: no backlink.");
    notes.put("SeqNonZero", "Sequence number above 0: a backlink follows it.");
    notes.put("Body", "The body is given with the header and must be checked against payload size and hash.");
    notes.put("NoExtensions", "The header has no extensions element.");
    notes.put("WalkawayExtensions", "The extensions are in Walkaway's layout (a map with unsigned keys and key 0 = 1).");
    notes.put("OpaqueExtensions", "The extensions are some other CBOR item, kept byte for byte and not interpreted.");
    notes.put("UnknownFields", "Walkaway-layout fields this version does not define (keys 5 and up): kept as raw items.");
    notes.put("Prune", "The prune flag of the Walkaway layout.");
    notes.put("P2panda", "A header p2panda-core writes in its own fixture test (same key, same fields): the bytes must match.");
    notes.put("Truncated", "The input ends before the header does.");
    notes.put("TrailingBytes", "Bytes follow the header array.");
    notes.put("WrongType", "An element has the wrong CBOR major type.");
    notes.put("ElementCount", "The array has an element count the values do not account for.");
    notes.put("HugeLength", "A declared length or count far beyond the input: must be refused before anything is allocated.");
    notes.put("ReservedEncoding", "An initial byte CBOR reserves or forbids in that place.");
    notes.put("InvalidUtf8", "A text string that is not valid UTF-8.");
    notes.put("NonShortest", "An integer, length or count not in its shortest form.");
    notes.put("Indefinite", "An indefinite-length string, array or map.");
    notes.put("Tag", "A CBOR tag (major type 6): none is allowed.");
    notes.put("Float", "A floating-point value: none is allowed.");
    notes.put("SimpleValue", "A simple value other than false, true and null.");
    notes.put("MapKeyOrder", "Map keys must be unique and in ascending bytewise order of their encodings.");
    notes.put("PresenceRule", "Payload hash present iff payload size > 0; backlink present iff sequence number > 0.");
    notes.put("FieldLength", "A byte string of the wrong length: key 32, signature 64, hashes 32.");
    notes.put("IntegerRange", "An integer outside its range (payload size and sequence number are 0..2^32-1).");
    notes.put("Version", "A header version other than 1.");
    notes.put("ExtensionsVersion", "A Walkaway extensions layout version other than 1.");
    notes.put("ExtensionsField", "A Walkaway extensions field of the wrong type or value.");
    notes.put("BadSignature", "The signature does not verify.");
    notes.put("SmallOrder", "A public key or R of small order, which strict verification refuses.");
    notes.put("Malleability", "A second encoding of a valid signature (S >= L), which strict verification refuses.");
    notes.put("PayloadMismatch", "The body's length or BLAKE3 hash differs from the header's payload size and hash.");
    notes.put("Limit", "At or beyond a decode limit (see 'limits').");
    return notes;
  }
}

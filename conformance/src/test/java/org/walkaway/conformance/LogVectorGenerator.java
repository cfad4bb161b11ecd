package org.walkaway.conformance;

import static org.walkaway.conformance.HeaderVectorGenerator.ALICE;
import static org.walkaway.conformance.HeaderVectorGenerator.BOB;
import static org.walkaway.conformance.HeaderVectorGenerator.fakeId;
import static org.walkaway.conformance.VectorJson.hex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.walkaway.core.Body;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.SigningKey;

/**
 * Writes {@code vectors/event-log.json}: what a store does with sequences of valid events, and single
 * predecessor checks. Deterministic like {@link HeaderVectorGenerator}; regenerate the same way.
 *
 * <p>Every expected outcome and final state below is stated by hand from the format's log rules,
 * not computed by a store, so the vectors check the store rather than repeat it.
 */
final class LogVectorGenerator {
  static final String FILE = "event-log.json";

  private static final LogId CHAT = LogId.ofTopic("conformance/chat");
  private static final LogId NOTES = LogId.ofTopic("conformance/notes");

  private static final Map<String, String> FLAG_NOTES = flagNotes();

  private final ArrayNode appendTests = VectorJson.MAPPER.createArrayNode();
  private final ArrayNode predecessorTests = VectorJson.MAPPER.createArrayNode();
  private int nextId = 1;

  public static void main(String[] args) {
    VectorJson.writeCommitted(FILE, generate());
  }

  static String generate() {
    return new LogVectorGenerator().build();
  }

  /** A signed event of the vectors and what it is, for stating expectations. */
  record Ev(SigningKey author, LogId logId, long seqNum, byte[] header, Optional<Body> body) {
    Hash id() {
      return Hash.of(header);
    }

    Ev withoutBody() {
      return new Ev(author, logId, seqNum, header, Optional.empty());
    }
  }

  /**
   * An event of {@code author}'s log {@code logId} ({@link LogId#DEFAULT}: no extensions), with a
   * text body unless {@code text} is empty.
   */
  static Ev event(SigningKey author, LogId logId, long seq, Optional<Hash> backlink, String text, boolean prune) {
    Optional<Body> body = text.isEmpty() ? Optional.empty() : Optional.of(Body.ofText(text));
    HeaderDraft draft = HeaderDraft.of(author, body, seq, backlink);
    if (!logId.equals(LogId.DEFAULT) || prune) {
      WalkawayExtensions extensions = WalkawayExtensions.layout();
      if (!logId.equals(LogId.DEFAULT)) {
        extensions.logId(logId);
      }
      if (prune) {
        extensions.prune();
      }
      draft.extensions(extensions);
    }
    return new Ev(author, logId, seq, draft.sign(), body);
  }

  static Ev first(SigningKey author, LogId logId, String text) {
    return event(author, logId, 0, Optional.empty(), text, false);
  }

  static Ev next(Ev previous, String text) {
    return event(previous.author(), previous.logId(), previous.seqNum() + 1, Optional.of(previous.id()), text, false);
  }

  static Ev pruneAfter(Ev previous, String text) {
    return event(previous.author(), previous.logId(), previous.seqNum() + 1, Optional.of(previous.id()), text, true);
  }

  private String build() {
    appendSequences();
    pruning();
    predecessorChecks();

    ObjectNode root = VectorJson.object();
    root.put("algorithm", "walkaway-event-log-v1");
    root.put("generatedBy", "conformance/src/test/java/org/walkaway/conformance/LogVectorGenerator.java; do not edit by hand");
    root.put("numberOfTests", appendTests.size() + predecessorTests.size());
    root.put(
        "description",
        "Log rules. AppendSequence: start with an empty store, decode each event (all are valid on"
            + " their own) and append it; each must give the stated result, and the store must end up"
            + " holding exactly 'finalLogs' (every event kept, ascending, and whether its body is held;"
            + " the prune point) and the fork evidence in 'forks'. PredecessorCheck: check 'event'"
            + " against 'previous', the event at the position before it in the same log as the"
            + " caller found it (absent: none known).");
    ObjectNode notes = root.putObject("notes");
    FLAG_NOTES.forEach(notes::put);
    ArrayNode groups = root.putArray("testGroups");
    ObjectNode appendGroup = groups.addObject();
    appendGroup.put("type", "AppendSequence");
    appendGroup.set("tests", appendTests);
    ObjectNode predecessorGroup = groups.addObject();
    predecessorGroup.put("type", "PredecessorCheck");
    predecessorGroup.set("tests", predecessorTests);
    return VectorJson.write(root);
  }

  // ------------------------------------------------------------------ appending

  private void appendSequences() {
    Ev e0 = first(ALICE, LogId.DEFAULT, "zero");
    Ev e1 = next(e0, "one");
    Ev e2 = next(e1, "two");

    sequence("a log's first event", List.of("Append"))
        .appended(e0)
        .keeps(ALICE, LogId.DEFAULT, 0, e0);
    sequence("a chain of three events", List.of("Append"))
        .appended(e0).appended(e1).appended(e2)
        .keeps(ALICE, LogId.DEFAULT, 0, e0, e1, e2);
    sequence("the same event twice: the second is a duplicate", List.of("Duplicate"))
        .appended(e0).duplicate(e0)
        .keeps(ALICE, LogId.DEFAULT, 0, e0);
    sequence("a header first, the same event with its body later: a duplicate, and the body is kept",
            List.of("Duplicate"))
        .appended(e0.withoutBody()).duplicate(e0)
        .keeps(ALICE, LogId.DEFAULT, 0, e0);
    sequence("a body is not needed: headers alone make a log", List.of("Append"))
        .appended(e0.withoutBody()).appended(e1).appended(e2.withoutBody())
        .keeps(ALICE, LogId.DEFAULT, 0, e0.withoutBody(), e1, e2.withoutBody());
    sequence("seq 1 before seq 0: its predecessor is missing", List.of("MissingPredecessor"))
        .rejected(e1, Reason.MISSING_PREDECESSOR);
    sequence("out of order, then in order: seq 1 is accepted once seq 0 is there", List.of("MissingPredecessor"))
        .rejected(e1, Reason.MISSING_PREDECESSOR).appended(e0).appended(e1)
        .keeps(ALICE, LogId.DEFAULT, 0, e0, e1);
    sequence("a gap: seq 2 right after seq 0", List.of("MissingPredecessor"))
        .appended(e0).rejected(e2, Reason.MISSING_PREDECESSOR)
        .keeps(ALICE, LogId.DEFAULT, 0, e0);

    Ev wrongBacklink = event(ALICE, LogId.DEFAULT, 1, Optional.of(fakeId("not seq 0")), "one", false);
    sequence("seq 1 whose backlink is not the id of seq 0", List.of("BacklinkMismatch"))
        .appended(e0).rejected(wrongBacklink, Reason.BACKLINK_MISMATCH)
        .keeps(ALICE, LogId.DEFAULT, 0, e0);

    Ev chat0 = first(ALICE, CHAT, "chat zero");
    Ev notes0 = first(ALICE, NOTES, "notes zero");
    Ev notesIntoChat = event(ALICE, NOTES, 1, Optional.of(chat0.id()), "notes one", false);
    sequence("backlink to seq 0 of another log of the same author: not the previous event of this log",
            List.of("BacklinkMismatch", "Logs"))
        .appended(chat0).appended(notes0).rejected(notesIntoChat, Reason.BACKLINK_MISMATCH)
        .keeps(ALICE, CHAT, 0, chat0)
        .keeps(ALICE, NOTES, 0, notes0);
    sequence("a predecessor only in another log of the same author does not count: positions are per log",
            List.of("MissingPredecessor", "Logs"))
        .appended(chat0).rejected(notesIntoChat, Reason.MISSING_PREDECESSOR)
        .keeps(ALICE, CHAT, 0, chat0);
    Ev bob0 = first(BOB, LogId.DEFAULT, "bob zero");
    Ev aliceIntoBob = event(ALICE, LogId.DEFAULT, 1, Optional.of(bob0.id()), "one", false);
    sequence("backlink to another author's event", List.of("BacklinkMismatch", "Logs"))
        .appended(bob0).appended(e0).rejected(aliceIntoBob, Reason.BACKLINK_MISMATCH)
        .keeps(ALICE, LogId.DEFAULT, 0, e0)
        .keeps(BOB, LogId.DEFAULT, 0, bob0);
    sequence("two logs of one author are independent", List.of("Logs"))
        .appended(chat0).appended(notes0).appended(next(notes0, "notes one"))
        .keeps(ALICE, CHAT, 0, chat0)
        .keeps(ALICE, NOTES, 0, notes0, next(notes0, "notes one"));
    Ev bobChat0 = first(BOB, CHAT, "bob chat zero");
    sequence("two authors' logs with the same log id are independent", List.of("Logs"))
        .appended(chat0).appended(bobChat0)
        .keeps(ALICE, CHAT, 0, chat0)
        .keeps(BOB, CHAT, 0, bobChat0);

    // The default log: no extensions, Walkaway extensions without a log id, or an explicit log id
    // of 32 zero bytes all name the same log; so do opaque extensions.
    Ev plain0 = first(ALICE, LogId.DEFAULT, "plain");
    HeaderDraft layoutOnly = HeaderDraft.of(ALICE, Optional.empty(), 1, Optional.of(plain0.id()))
        .extensions(WalkawayExtensions.layout());
    Ev layout1 = new Ev(ALICE, LogId.DEFAULT, 1, layoutOnly.sign(), Optional.empty());
    HeaderDraft explicitDefault = HeaderDraft.of(ALICE, Optional.empty(), 2, Optional.of(layout1.id()))
        .extensions(WalkawayExtensions.layout().logId(LogId.DEFAULT));
    Ev explicit2 = new Ev(ALICE, LogId.DEFAULT, 2, explicitDefault.sign(), Optional.empty());
    HeaderDraft opaque = HeaderDraft.of(ALICE, Optional.empty(), 3, Optional.of(explicit2.id()))
        .extensions(Cbor.map(Cbor.text("log_id"), Cbor.bytes(CHAT.bytes().toArray())));
    Ev opaque3 = new Ev(ALICE, LogId.DEFAULT, 3, opaque.sign(), Optional.empty());
    sequence("no extensions, the Walkaway layout without a log id, a log id of 32 zero bytes and opaque"
            + " extensions all put an event in the author's default log",
            List.of("Logs", "DefaultLog"))
        .appended(plain0).appended(layout1).appended(explicit2).appended(opaque3)
        .keeps(ALICE, LogId.DEFAULT, 0, plain0, layout1, explicit2, opaque3);

    Ev fork1 = next(e0, "one, again");
    sequence("fork at seq 1: the first stays, the second is rejected, both are evidence", List.of("Fork"))
        .appended(e0).appended(e1).rejected(fork1, Reason.FORK)
        .keeps(ALICE, LogId.DEFAULT, 0, e0, e1)
        .fork(e1, fork1);
    sequence("the same fork received twice: rejected both times, one piece of evidence", List.of("Fork"))
        .appended(e0).appended(e1).rejected(fork1, Reason.FORK).rejected(fork1, Reason.FORK)
        .keeps(ALICE, LogId.DEFAULT, 0, e0, e1)
        .fork(e1, fork1);
    Ev fork0 = first(ALICE, LogId.DEFAULT, "zero, again");
    sequence("fork at seq 0", List.of("Fork"))
        .appended(e0).rejected(fork0, Reason.FORK)
        .keeps(ALICE, LogId.DEFAULT, 0, e0)
        .fork(e0, fork0);
    sequence("a fork is detected even when the other event's predecessor is unknown", List.of("Fork"))
        .appended(e0).appended(e1).appended(e2)
        .rejected(event(ALICE, LogId.DEFAULT, 2, Optional.of(fakeId("elsewhere")), "two, again", false), Reason.FORK)
        .keeps(ALICE, LogId.DEFAULT, 0, e0, e1, e2)
        .fork(e2, event(ALICE, LogId.DEFAULT, 2, Optional.of(fakeId("elsewhere")), "two, again", false));
  }

  private void pruning() {
    Ev e0 = first(ALICE, CHAT, "zero");
    Ev e1 = next(e0, "one");
    Ev p2 = pruneAfter(e1, "two, prune");
    sequence("a prune event at seq 2 deletes seq 0 and 1", List.of("Prune"))
        .appended(e0).appended(e1).appended(p2)
        .keeps(ALICE, CHAT, 2, p2);
    sequence("after pruning, the deleted events are rejected as pruned, not taken as duplicates",
            List.of("Prune", "Pruned"))
        .appended(e0).appended(e1).appended(p2).rejected(e1, Reason.PRUNED).rejected(e0, Reason.PRUNED)
        .keeps(ALICE, CHAT, 2, p2);

    Ev e3 = next(p2, "three");
    Ev e4 = next(e3, "four");
    Ev p5 = pruneAfter(e4, "five, prune");
    Ev e6 = next(p5, "six");
    sequence("a prune event is accepted without its predecessors", List.of("Prune"))
        .appended(p5)
        .keeps(ALICE, CHAT, 5, p5);
    sequence("after a lone prune event, older events are pruned and the log continues after it",
            List.of("Prune", "Pruned"))
        .appended(p5).rejected(e4, Reason.PRUNED).appended(e6)
        .keeps(ALICE, CHAT, 5, p5, e6);
    sequence("a prune event across a gap: seq 0 then a prune event at seq 3", List.of("Prune"))
        .appended(e0).appended(event(ALICE, CHAT, 3, Optional.of(fakeId("seq 2")), "three, prune", true))
        .keeps(ALICE, CHAT, 3, event(ALICE, CHAT, 3, Optional.of(fakeId("seq 2")), "three, prune", true));
    Ev badPrune = event(ALICE, CHAT, 2, Optional.of(fakeId("not seq 1")), "two, prune", true);
    sequence("a prune event must still match a predecessor that is known", List.of("Prune", "BacklinkMismatch"))
        .appended(e0).appended(e1).rejected(badPrune, Reason.BACKLINK_MISMATCH)
        .keeps(ALICE, CHAT, 0, e0, e1);
    Ev p0 = event(ALICE, CHAT, 0, Optional.empty(), "zero, prune", true);
    Ev after0 = next(p0, "one");
    sequence("the prune flag at seq 0 deletes nothing", List.of("Prune"))
        .appended(p0).appended(after0)
        .keeps(ALICE, CHAT, 0, p0, after0);
    Ev p1 = pruneAfter(e0, "one, prune");
    Ev x2 = next(p1, "two");
    Ev p3 = pruneAfter(x2, "three, prune");
    sequence("a second prune event moves the prune point", List.of("Prune"))
        .appended(e0).appended(p1).appended(x2).appended(p3)
        .keeps(ALICE, CHAT, 3, p3);
    sequence("an earlier prune event arriving after a later one is pruned", List.of("Prune", "Pruned"))
        .appended(p3).rejected(p1, Reason.PRUNED)
        .keeps(ALICE, CHAT, 3, p3);
    Ev otherP1 = pruneAfter(e0, "one, prune, again");
    sequence("fork of a prune event", List.of("Prune", "Fork"))
        .appended(e0).appended(p1).rejected(otherP1, Reason.FORK)
        .keeps(ALICE, CHAT, 1, p1)
        .fork(p1, otherP1);
    sequence("a prune event twice: the second is a duplicate", List.of("Prune", "Duplicate"))
        .appended(p5).duplicate(p5)
        .keeps(ALICE, CHAT, 5, p5);
    Ev notes0 = first(ALICE, NOTES, "notes zero");
    Ev notesP1 = pruneAfter(notes0, "notes one, prune");
    sequence("pruning one log leaves the author's other logs alone", List.of("Prune", "Logs"))
        .appended(e0).appended(notes0).appended(notesP1)
        .keeps(ALICE, CHAT, 0, e0)
        .keeps(ALICE, NOTES, 1, notesP1);
  }

  // ------------------------------------------------------------------ predecessor checks

  private void predecessorChecks() {
    Ev e0 = first(ALICE, CHAT, "zero");
    Ev e1 = next(e0, "one");
    predecessor("seq 0 starts a log: no predecessor needed", List.of("Append"), e0, Optional.empty(), Optional.empty());
    predecessor("seq 1 after its seq 0", List.of("Append"), e1, Optional.of(e0), Optional.empty());
    predecessor("seq 1 without a known predecessor", List.of("MissingPredecessor"), e1, Optional.empty(),
        Optional.of(Reason.MISSING_PREDECESSOR));
    predecessor("a prune event without a known predecessor", List.of("Prune"),
        pruneAfter(e0, "one, prune"), Optional.empty(), Optional.empty());
    Ev bob0 = first(BOB, CHAT, "bob zero");
    predecessor("the predecessor given is another author's (same log id, backlink to it)", List.of("LogMismatch"),
        event(ALICE, CHAT, 1, Optional.of(bob0.id()), "one", false), Optional.of(bob0),
        Optional.of(Reason.LOG_MISMATCH));
    Ev notes0 = first(ALICE, NOTES, "notes zero");
    predecessor("the predecessor given is in another log of the same author (backlink to it)",
        List.of("LogMismatch"),
        event(ALICE, CHAT, 1, Optional.of(notes0.id()), "one", false), Optional.of(notes0),
        Optional.of(Reason.LOG_MISMATCH));
    predecessor("the predecessor given is at seq 0 but the event is at seq 2 (backlink to it)",
        List.of("LogMismatch"),
        event(ALICE, CHAT, 2, Optional.of(e0.id()), "two", false), Optional.of(e0),
        Optional.of(Reason.LOG_MISMATCH));
    predecessor("the predecessor given is at the same position as the event (backlink to it)",
        List.of("LogMismatch"),
        event(ALICE, CHAT, 1, Optional.of(e1.id()), "one, again", false), Optional.of(e1),
        Optional.of(Reason.LOG_MISMATCH));
    predecessor("backlink differs from the predecessor's id", List.of("BacklinkMismatch"),
        event(ALICE, CHAT, 1, Optional.of(fakeId("not seq 0")), "one", false), Optional.of(e0),
        Optional.of(Reason.BACKLINK_MISMATCH));
    predecessor("a prune event whose known predecessor is not its backlink", List.of("Prune", "BacklinkMismatch"),
        event(ALICE, CHAT, 1, Optional.of(fakeId("not seq 0")), "one, prune", true), Optional.of(e0),
        Optional.of(Reason.BACKLINK_MISMATCH));
  }

  // ------------------------------------------------------------------ writing vectors

  private Sequence sequence(String comment, List<String> flags) {
    return new Sequence(test(appendTests, comment, flags));
  }

  /** One AppendSequence vector, written as it is described. */
  private static final class Sequence {
    private final ArrayNode events;
    private final ArrayNode logs;
    private final ArrayNode forks;

    Sequence(ObjectNode test) {
      events = test.putArray("events");
      logs = test.putArray("finalLogs");
      forks = test.putArray("forks");
    }

    Sequence appended(Ev event) {
      step(event, "appended");
      return this;
    }

    Sequence duplicate(Ev event) {
      step(event, "duplicate");
      return this;
    }

    Sequence rejected(Ev event, Reason reason) {
      step(event, "rejected").put("error", reason.name());
      return this;
    }

    private ObjectNode step(Ev event, String result) {
      ObjectNode step = events.addObject();
      step.put("header", hex(event.header()));
      event.body().ifPresent(body -> step.put("body", body.bytes().toHex()));
      step.put("result", result);
      return step;
    }

    /** The store ends up holding exactly {@code kept} in this log, bodies as the events carry them. */
    Sequence keeps(SigningKey author, LogId logId, long prunePoint, Ev... kept) {
      ObjectNode log = logs.addObject();
      log.put("author", author.publicKey().toHex());
      log.put("logId", logId.toHex());
      log.put("prunePoint", prunePoint);
      ArrayNode entries = log.putArray("entries");
      for (Ev event : kept) {
        ObjectNode entry = entries.addObject();
        entry.put("seqNum", event.seqNum());
        entry.put("id", event.id().toHex());
        entry.put("body", event.body().isPresent());
      }
      return this;
    }

    Sequence fork(Ev kept, Ev rejected) {
      ObjectNode fork = forks.addObject();
      fork.put("author", kept.author().publicKey().toHex());
      fork.put("logId", kept.logId().toHex());
      fork.put("seqNum", kept.seqNum());
      fork.put("kept", kept.id().toHex());
      fork.put("rejected", rejected.id().toHex());
      return this;
    }
  }

  private void predecessor(
      String comment, List<String> flags, Ev event, Optional<Ev> previous, Optional<Reason> reason) {
    ObjectNode test = test(predecessorTests, comment, flags);
    test.put("event", hex(event.header()));
    previous.ifPresent(p -> test.put("previous", hex(p.header())));
    test.put("result", reason.isPresent() ? "invalid" : "valid");
    reason.ifPresent(r -> test.put("error", r.name()));
  }

  private ObjectNode test(ArrayNode group, String comment, List<String> flags) {
    for (String flag : flags) {
      if (!FLAG_NOTES.containsKey(flag)) {
        throw new IllegalStateException("flag without a note: " + flag);
      }
    }
    ObjectNode test = group.addObject();
    test.put("tcId", nextId++);
    test.put("comment", comment);
    ArrayNode flagArray = test.putArray("flags");
    flags.forEach(flagArray::add);
    return test;
  }

  private static Map<String, String> flagNotes() {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("Append", "Events that continue their log.");
    notes.put("Duplicate", "An event already stored (same id): nothing changes, except that a missing body is kept.");
    notes.put("MissingPredecessor", "The event at the previous position of the log is not known.");
    notes.put("BacklinkMismatch", "The backlink is not the id of the event at the previous position of the log.");
    notes.put("LogMismatch", "The predecessor given belongs to another author or log, or to a position other than the one before.");
    notes.put("Logs", "Several logs: one per author and log id.");
    notes.put("DefaultLog", "Events without a Walkaway log id belong to the author's default log (32 zero bytes).");
    notes.put("Fork", "A second, different event at a taken position: rejected, both kept as evidence.");
    notes.put("Prune", "The prune flag: earlier events of the log are deleted, and the event needs no predecessor.");
    notes.put("Pruned", "An event below the log's prune point.");
    return notes;
  }
}

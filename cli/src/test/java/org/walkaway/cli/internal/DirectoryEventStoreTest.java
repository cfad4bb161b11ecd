package org.walkaway.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.StoreException;

class DirectoryEventStoreTest {
  private static final LogId CHAT = LogId.ofTopic("chat");
  private static final LogId NOTES = LogId.ofTopic("notes");

  @TempDir Path directory;
  private final SigningKey alice = SigningKey.generate(new SplittableRandom(1));
  private final SigningKey bob = SigningKey.generate(new SplittableRandom(2));
  private final List<String> warnings = new ArrayList<>();

  private DirectoryEventStore open(Path dir) {
    return DirectoryEventStore.openOrCreate(dir, warnings::add);
  }

  private static Event first(SigningKey key, LogId log, String body) {
    return EventBuilder.create().logId(log).body(Body.ofText(body)).sign(key);
  }

  private static Event next(Event previous, SigningKey key, String body) {
    return EventBuilder.following(previous).body(Body.ofText(body)).sign(key);
  }

  private Path journal(Path dir) {
    return dir.resolve(DirectoryEventStore.FILE_NAME);
  }

  @Test
  void reopeningRestoresEveryLogWithBodies() {
    Event a0 = first(alice, CHAT, "a0");
    Event a1 = next(a0, alice, "a1");
    Event b0 = first(bob, NOTES, "b0");
    try (DirectoryEventStore store = open(directory)) {
      assertEquals(List.of(true, true, true), store.appendAll(List.of(a0, a1, b0)).stream().map(AppendResult::isAppended).toList());
      assertInstanceOf(AppendResult.Duplicate.class, store.append(a1));
    }
    try (DirectoryEventStore store = open(directory)) {
      LogKey aliceChat = new LogKey(alice.publicKey(), CHAT);
      assertEquals(Optional.of(a1), store.latest(aliceChat));
      assertEquals(List.of(a0, a1), store.range(aliceChat, 0, 10));
      assertEquals(Optional.of(b0), store.get(b0.id()));
      assertEquals(Map.of(aliceChat, 1L), store.heights(alice.publicKey()));
      assertEquals(2, store.logs().size());
      assertTrue(store.append(next(a1, alice, "a2")).isAppended());
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void forkEvidencePruningAndRemovedBodiesSurviveReopening() {
    Event a0 = first(alice, CHAT, "a0");
    Event a1 = next(a0, alice, "a1");
    Event a2 = next(a1, alice, "a2");
    Event fork = next(a0, alice, "another a1");
    Event b0 = first(bob, CHAT, "b0");
    Event b1 = next(b0, bob, "b1");
    LogKey aliceChat = new LogKey(alice.publicKey(), CHAT);
    LogKey bobChat = new LogKey(bob.publicKey(), CHAT);
    try (DirectoryEventStore store = open(directory)) {
      store.appendAll(List.of(a0, a1, a2, b0, b1));
      AppendResult forked = store.append(fork);
      assertEquals(Rejection.Reason.FORK, assertInstanceOf(AppendResult.Rejected.class, forked).rejection().reason());
      assertEquals(1, store.prune(aliceChat, 1));
      assertTrue(store.removeBody(b1.id()));
    }
    try (DirectoryEventStore store = open(directory)) {
      assertEquals(1, store.forks(alice.publicKey()).size());
      assertEquals(fork.headerBytes(), store.forks(alice.publicKey()).getFirst().rejected());
      assertEquals(1, store.prunePoint(aliceChat));
      assertEquals(List.of(a1, a2), store.range(aliceChat, 0, 10));
      assertEquals(Optional.empty(), store.get(bobChat, 1).orElseThrow().body());
      // A body given again is attached, and that too is kept.
      assertInstanceOf(AppendResult.Duplicate.class, store.append(b1));
    }
    try (DirectoryEventStore store = open(directory)) {
      assertEquals(Optional.of(Body.ofText("b1")), store.get(b1.id()).orElseThrow().body());
    }
  }

  /**
   * A crash during an append can leave any prefix of the last record. Every one of them must be
   * cut off on open, keeping the records before it, and the store must take appends again.
   */
  @Test
  void aTornLastRecordIsCutOffWhereverTheWriteStopped() throws IOException {
    Event a0 = first(alice, CHAT, "a0");
    Event a1 = next(a0, alice, "a1");
    Path full = directory.resolve("full");
    long afterFirst;
    try (DirectoryEventStore store = open(full)) {
      store.append(a0);
      afterFirst = Files.size(journal(full));
      store.append(a1);
    }
    byte[] bytes = Files.readAllBytes(journal(full));
    for (int cut = (int) afterFirst + 1; cut < bytes.length; cut++) {
      Path dir = directory.resolve("cut" + cut);
      Files.createDirectories(dir);
      Files.write(journal(dir), Arrays.copyOf(bytes, cut));
      warnings.clear();
      try (DirectoryEventStore store = open(dir)) {
        String context = "cut at " + cut + " of " + bytes.length;
        assertEquals(1, warnings.size(), context);
        assertTrue(warnings.getFirst().contains("incomplete record"), context + ": " + warnings);
        assertEquals(afterFirst, Files.size(journal(dir)), context);
        assertEquals(Optional.of(a0), store.latest(a0.logKey()), context);
        assertTrue(store.append(a1).isAppended(), context);
      }
      try (DirectoryEventStore store = open(dir)) {
        assertEquals(Optional.of(a1), store.latest(a0.logKey()));
      }
    }
  }

  @Test
  void aTailOfZerosIsCutOff() throws IOException {
    Event a0 = first(alice, CHAT, "a0");
    try (DirectoryEventStore store = open(directory)) {
      store.append(a0);
    }
    long size = Files.size(journal(directory));
    Files.write(journal(directory), new byte[4096], StandardOpenOption.APPEND);
    try (DirectoryEventStore store = open(directory)) {
      assertEquals(Optional.of(a0), store.get(a0.id()));
      assertEquals(size, Files.size(journal(directory)));
      assertEquals(1, warnings.size(), warnings::toString);
    }
  }

  @Test
  void damageBeforeTheLastRecordIsReportedNotCutOff() throws IOException {
    Event a0 = first(alice, CHAT, "a0");
    try (DirectoryEventStore store = open(directory)) {
      store.append(a0);
      store.append(next(a0, alice, "a1"));
    }
    byte[] bytes = Files.readAllBytes(journal(directory));
    int firstRecord = DirectoryEventStore.MAGIC.length;
    for (int offset : new int[] {firstRecord + 2, firstRecord + DirectoryEventStore.PREFIX + 50}) {
      byte[] damaged = bytes.clone();
      damaged[offset] ^= 0x10;
      Files.write(journal(directory), damaged);
      StoreException e = assertThrows(StoreException.class, () -> open(directory));
      assertTrue(e.getMessage().contains("is damaged: the record at byte " + firstRecord), e.getMessage());
      assertEquals(damaged.length, Files.size(journal(directory)), "nothing was cut off");
    }
  }

  @Test
  void garbageAtTheEndIsNotMistakenForATornRecord() throws IOException {
    try (DirectoryEventStore store = open(directory)) {
      store.append(first(alice, CHAT, "a0"));
    }
    byte[] garbage = new byte[40];
    new SplittableRandom(3).nextBytes(garbage);
    Files.write(journal(directory), garbage, StandardOpenOption.APPEND);
    StoreException e = assertThrows(StoreException.class, () -> open(directory));
    assertTrue(e.getMessage().contains("length field is damaged"), e.getMessage());
  }

  @Test
  void aRecordWhoseEventNoLongerVerifiesIsCorruption() throws IOException {
    Event a0 = first(alice, CHAT, "a0");
    byte[] record = DirectoryEventStore.eventRecord(a0);
    record[1 + 4 + 40] ^= 0x01; // inside the signature, with the record's checksums made to match
    try (FileChannel channel =
        FileChannel.open(journal(directory), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(DirectoryEventStore.MAGIC));
      channel.write(ByteBuffer.wrap(DirectoryEventStore.framed(record)));
    }
    StoreException e = assertThrows(StoreException.class, () -> open(directory));
    assertTrue(e.getMessage().contains("does not verify any more: BAD_SIGNATURE"), e.getMessage());
  }

  @Test
  void aFileThatIsNoJournalIsLeftAlone() throws IOException {
    Files.writeString(journal(directory), "my diary\n");
    StoreException e = assertThrows(StoreException.class, () -> open(directory));
    assertTrue(e.getMessage().contains("is not a walkaway event log"), e.getMessage());
    assertEquals("my diary\n", Files.readString(journal(directory)));
  }

  @Test
  void openExistingNeedsAJournal() {
    StoreException e =
        assertThrows(StoreException.class, () -> DirectoryEventStore.openExisting(directory, warnings::add));
    assertTrue(e.getMessage().contains("'walkaway append' creates one"), e.getMessage());
  }

  @Test
  void oneOpenerAtATime() {
    try (DirectoryEventStore store = open(directory)) {
      StoreException e = assertThrows(StoreException.class, () -> open(directory));
      assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
      assertTrue(store.logs().isEmpty(), "the first opener is unaffected");
    }
    open(directory).close();
  }

  @Test
  void aClosedStoreRefusesUse() {
    DirectoryEventStore store = open(directory);
    store.close();
    store.close();
    assertThrows(StoreException.class, () -> store.append(first(alice, CHAT, "late")));
    assertThrows(StoreException.class, store::logs);
  }
}

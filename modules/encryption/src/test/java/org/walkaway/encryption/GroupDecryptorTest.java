package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.processor.Collector;
import org.walkaway.core.processor.EventDecoder;
import org.walkaway.core.processor.Pipeline;
import org.walkaway.core.processor.Downstream;
import org.walkaway.core.processor.Rejected;

class GroupDecryptorTest {
  static final LogId CHAT = LogId.ofTopic("chat");
  static final LogId FILES = LogId.ofTopic("files");

  private final SplittableRandom random = new SplittableRandom(3);

  /** A member who signs events into its logs and seals their bodies with its own chain. */
  private final class Author {
    final SigningKey key = SigningKey.generate(random);
    final MessageScheme scheme = new MessageScheme(key.publicKey(), RatchetLimits.DEFAULT);
    final Map<LogId, Event> last = new HashMap<>();
    final Map<Long, SymmetricKey> secrets = new HashMap<>();

    void startGeneration(long generation) {
      SymmetricKey secret = SymmetricKey.generate(random);
      secrets.put(generation, secret);
      scheme.startSending(generation, secret);
    }

    Event write(LogId log, String text) {
      return write(log, text, sealed -> sealed);
    }

    Event write(LogId log, String text, UnaryOperator<byte[]> tamper) {
      Event previous = last.get(log);
      long seq = previous == null ? 0 : previous.seqNum() + 1;
      byte[] sealed = tamper.apply(scheme.seal(log, seq, text.getBytes(StandardCharsets.UTF_8), random).toArray());
      EventBuilder builder = previous == null ? EventBuilder.create().logId(log) : EventBuilder.following(previous);
      Event event = builder.body(Body.of(sealed)).sign(key);
      last.put(log, event);
      return event;
    }
  }

  private static String text(DecryptedEvent decrypted) {
    return new String(decrypted.plaintext().toArray(), StandardCharsets.UTF_8);
  }

  private static EncryptionFailure failure(Rejected rejected) {
    return EncryptionFailure.of(rejected.rejection()).orElseThrow();
  }

  @Test
  void holdsEventsUntilTheirKeyArrivesThenReleasesThemInArrivalOrder() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    List<Event> events = List.of(alice.write(CHAT, "one"), alice.write(CHAT, "two"), alice.write(FILES, "three"));
    GroupDecryptor bob = new GroupDecryptor(new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT));
    Collector<DecryptedEvent> out = new Collector<>();
    // Arrive out of order: the release follows arrival, not counters.
    bob.process(events.get(2), out);
    bob.process(events.get(0), out);
    bob.process(events.get(1), out);
    assertEquals(List.of(), out.outputs());
    assertEquals(3, bob.heldCount());
    assertEquals(2, bob.heldCount(CHAT));

    bob.keyArrived(alice.key.publicKey(), 0, alice.secrets.get(0L), out);
    assertEquals(List.of("three", "one", "two"), out.drain().stream().map(GroupDecryptorTest::text).toList());
    assertEquals(0, bob.heldCount());
    assertEquals(List.of(), out.rejections());

    // With the key at hand an event goes straight through; a second copy is a replay.
    Event four = alice.write(CHAT, "four");
    bob.process(four, out);
    assertEquals(List.of("four"), out.drain().stream().map(GroupDecryptorTest::text).toList());
    bob.process(four, out);
    assertEquals(EncryptionFailure.REPLAYED, failure(out.rejections().get(0)));
  }

  @Test
  void composesIntoAnEventCorePipelineFromTheWire() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    List<RawEvent> wire = List.of(RawEvent.of(alice.write(CHAT, "first")), RawEvent.of(alice.write(CHAT, "second")));
    GroupDecryptor decryptor = new GroupDecryptor(new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT));
    Pipeline<RawEvent, DecryptedEvent> inbound = Pipeline.of(new EventDecoder()).then(decryptor);
    Collector<DecryptedEvent> application = new Collector<>();
    for (RawEvent raw : wire) {
      inbound.process(raw, application);
    }
    assertEquals(2, decryptor.heldCount());
    // The decryptor is the pipeline's last stage, so the application is what follows it.
    decryptor.keyArrived(alice.key.publicKey(), 0, alice.secrets.get(0L), application);
    assertEquals(List.of("first", "second"), application.outputs().stream().map(GroupDecryptorTest::text).toList());
    assertEquals(List.of(), application.rejections());
  }

  @Test
  void tamperedMalformedAndBodilessEventsAreRejectedWithAReason() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    MessageScheme bobScheme = new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT);
    GroupDecryptor bob = new GroupDecryptor(bobScheme);
    Collector<DecryptedEvent> out = new Collector<>();
    Event tamperedHeld = alice.write(CHAT, "flipped while held", b -> flipLast(b));
    bob.process(tamperedHeld, out);
    assertEquals(1, bob.heldCount());
    bob.keyArrived(alice.key.publicKey(), 0, alice.secrets.get(0L), out);

    Event tampered = alice.write(CHAT, "flipped", b -> flipLast(b));
    Event notAnEnvelope = EventBuilder.following(alice.last.get(CHAT)).body(Body.ofText("plain text")).sign(alice.key);
    alice.last.put(CHAT, notAnEnvelope);
    Event good = alice.write(CHAT, "fine");
    bob.process(tampered, out);
    bob.process(notAnEnvelope, out);
    bob.process(good.withoutBody(), out);
    bob.process(good, out);

    assertEquals(List.of("fine"), out.outputs().stream().map(GroupDecryptorTest::text).toList());
    List<Rejected> rejected = out.rejections();
    assertEquals(List.of(EncryptionFailure.AUTHENTICATION_FAILED, EncryptionFailure.AUTHENTICATION_FAILED,
        EncryptionFailure.MALFORMED, EncryptionFailure.MALFORMED), rejected.stream().map(GroupDecryptorTest::failure).toList());
    assertEquals(List.of(tamperedHeld, tampered, notAnEnvelope, good.withoutBody()), rejected.stream().map(Rejected::input).toList(),
        "each rejection hands the event back");
  }

  private static byte[] flipLast(byte[] sealed) {
    sealed[sealed.length - 1] ^= 1;
    return sealed;
  }

  @Test
  void anInterruptedReleaseKeepsTheEventsNotYetReleased() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    GroupDecryptor bob = new GroupDecryptor(new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT));
    Collector<DecryptedEvent> collected = new Collector<>();
    for (int i = 0; i < 4; i++) {
      bob.process(alice.write(i % 2 == 0 ? CHAT : FILES, "held " + i), collected);
    }
    Downstream<DecryptedEvent> interruptedOnSecond = new Downstream<>() {
      int emitted;

      @Override
      public void emit(DecryptedEvent output) throws InterruptedException {
        if (++emitted == 2) {
          throw new InterruptedException("the pipeline is shutting down");
        }
        collected.emit(output);
      }

      @Override
      public void reject(Object input, Rejection rejection) {
        collected.reject(input, rejection);
      }
    };
    assertThrows(InterruptedException.class, () -> bob.keyArrived(alice.key.publicKey(), 0, alice.secrets.get(0L), interruptedOnSecond));
    assertEquals(List.of("held 0"), collected.drain().stream().map(GroupDecryptorTest::text).toList());
    assertEquals(2, bob.heldCount(), "the third and fourth stay held; the second was lost mid-emit");
    // They come out with the next key arrival of that sender.
    bob.keyArrived(alice.key.publicKey(), 1, SymmetricKey.generate(random), collected);
    assertEquals(List.of("held 2", "held 3"), collected.outputs().stream().map(GroupDecryptorTest::text).toList());
  }

  @Test
  void eventsFromBeforeTheJoinAreRejectedNotHeld() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    Event beforeJoin = alice.write(CHAT, "before Carol");
    Event heldBeforeJoin = alice.write(CHAT, "also before Carol");
    alice.startGeneration(1);
    Event afterJoin = alice.write(CHAT, "after Carol");

    GroupDecryptor carol = new GroupDecryptor(new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT));
    Collector<DecryptedEvent> out = new Collector<>();
    carol.process(heldBeforeJoin, out); // no key of Alice's yet: held
    carol.keyArrived(alice.key.publicKey(), 1, alice.secrets.get(1L), out);
    carol.process(beforeJoin, out);
    carol.process(afterJoin, out);
    assertEquals(List.of("after Carol"), out.outputs().stream().map(GroupDecryptorTest::text).toList());
    assertEquals(List.of(EncryptionFailure.UNKNOWN_KEY, EncryptionFailure.UNKNOWN_KEY),
        out.rejections().stream().map(GroupDecryptorTest::failure).toList());
    assertEquals(List.of(heldBeforeJoin, beforeJoin), out.rejections().stream().map(Rejected::input).toList());
    assertEquals(0, carol.heldCount());
  }

  @Test
  void ownEventsAreRejectedNotHeldAndOwnSecretsSeedTheSendingChain() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    Event own = alice.write(CHAT, "mine");
    GroupDecryptor decryptor = new GroupDecryptor(alice.scheme);
    Collector<DecryptedEvent> out = new Collector<>();
    decryptor.process(own, out);
    assertEquals(0, decryptor.heldCount());
    assertEquals(EncryptionFailure.UNKNOWN_KEY, failure(out.rejections().get(0)));
    // An own update secret through keyArrived starts the next sending generation.
    decryptor.keyArrived(alice.key.publicKey(), 1, SymmetricKey.generate(random), out);
    assertEquals(Optional.of(1L), alice.scheme.sendingGeneration());
  }

  @Test
  void overflowDropsTheOldestEventOfTheFullestTopic() throws Exception {
    Author alice = new Author();
    alice.startGeneration(0);
    GroupDecryptor bob = new GroupDecryptor(new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT), 4);
    Collector<DecryptedEvent> out = new Collector<>();
    Event quiet = alice.write(FILES, "quiet topic");
    bob.process(quiet, out);
    List<Event> flood = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      flood.add(alice.write(CHAT, "flood " + i));
      bob.process(flood.get(i), out);
    }
    assertEquals(4, bob.heldCount());
    assertEquals(1, bob.heldCount(FILES), "the quiet topic keeps its event");
    assertEquals(List.of(flood.get(0), flood.get(1), flood.get(2)), out.rejections().stream().map(Rejected::input).toList());
    assertTrue(out.rejections().stream().allMatch(r -> failure(r) == EncryptionFailure.HOLD_BUFFER_FULL));
    assertEquals(Rejection.Reason.LIMIT_EXCEEDED, out.rejections().get(0).rejection().reason());

    bob.keyArrived(alice.key.publicKey(), 0, alice.secrets.get(0L), out);
    assertEquals(List.of("quiet topic", "flood 3", "flood 4", "flood 5"), out.outputs().stream().map(GroupDecryptorTest::text).toList());
  }

  /**
   * Property: whatever the order in which events and keys arrive, every event is emitted exactly
   * once with its plaintext, nothing is rejected, and nothing stays held.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void everyArrivalOrderOfEventsAndKeysDeliversEachEventOnce(long seed) throws Exception {
    Random shuffle = new Random(seed);
    List<Author> authors = List.of(new Author(), new Author(), new Author());
    List<Object> arrivals = new ArrayList<>(); // events and key arrivals, shuffled together
    Map<Event, String> expected = new HashMap<>();
    for (Author author : authors) {
      for (long generation = 0; generation < 2; generation++) {
        author.startGeneration(generation);
        arrivals.add(new KeyArrival(author, generation));
        for (int i = 0; i < 8; i++) {
          String text = author.key.publicKey() + " g" + generation + " #" + i;
          Event event = author.write(shuffle.nextBoolean() ? CHAT : FILES, text);
          expected.put(event, text);
          arrivals.add(event);
        }
      }
    }
    Collections.shuffle(arrivals, shuffle);
    // Keys of one sender arrive in generation order (DCGKA's causal order); events in any order.
    for (Author author : authors) {
      List<Integer> slots = new ArrayList<>();
      for (int i = 0; i < arrivals.size(); i++) {
        if (arrivals.get(i) instanceof KeyArrival k && k.author() == author) {
          slots.add(i);
        }
      }
      for (int g = 0; g < slots.size(); g++) {
        arrivals.set(slots.get(g), new KeyArrival(author, g));
      }
    }
    GroupDecryptor decryptor = new GroupDecryptor(new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT));
    Collector<DecryptedEvent> out = new Collector<>();
    for (Object arrival : arrivals) {
      if (arrival instanceof Event event) {
        decryptor.process(event, out);
      } else if (arrival instanceof KeyArrival k) {
        decryptor.keyArrived(k.author().key.publicKey(), k.generation(), k.author().secrets.get(k.generation()), out);
      }
    }
    assertEquals(List.of(), out.rejections(), "seed " + seed);
    assertEquals(0, decryptor.heldCount(), "seed " + seed);
    Map<Event, String> delivered = new HashMap<>();
    for (DecryptedEvent d : out.outputs()) {
      assertEquals(null, delivered.put(d.event(), text(d)), "seed " + seed + ": delivered twice");
    }
    assertEquals(expected, delivered, "seed " + seed);
  }

  private record KeyArrival(Author author, long generation) {}
}

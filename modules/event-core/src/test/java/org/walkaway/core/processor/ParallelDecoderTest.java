package org.walkaway.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.RawEvent;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;
import org.walkaway.core.testkit.RandomEvents;

class ParallelDecoderTest {
  private static ExecutorService executor;

  @BeforeAll
  static void startExecutor() {
    executor = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopExecutor() throws InterruptedException {
    executor.shutdown();
    assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES), "the pool stops once idle");
  }

  /** Valid events, with and without bodies, mixed with flipped bits, wrong bodies and garbage. */
  private static List<RawEvent> mixedBatch(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    SigningKey key = RandomEvents.key(random);
    List<RawEvent> batch = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Event event = RandomEvents.event(random, key);
      RawEvent raw = RawEvent.of(event);
      batch.add(
          switch (random.nextInt(5)) {
            case 0 -> {
              byte[] header = raw.header().toArray();
              header[random.nextInt(header.length)] ^= (byte) (1 << random.nextInt(8));
              yield new RawEvent(Bytes.of(header), raw.body());
            }
            case 1 -> new RawEvent(raw.header(), Optional.of(Bytes.of(RandomEvents.bytes(random, 5))));
            case 2 -> new RawEvent(Bytes.of(RandomEvents.bytes(random, random.nextInt(0, 50))), Optional.empty());
            default -> raw;
          });
    }
    return batch;
  }

  private static List<Verdict<Event>> oneByOne(List<RawEvent> batch) {
    return batch.stream()
        .map(raw -> EventCodec.decode(raw.header().toArray(), raw.body().map(Bytes::toArray), DecodeLimits.DEFAULT))
        .toList();
  }

  @Test
  void verdictsComeBackInInputOrder() throws InterruptedException {
    for (int parallelism : new int[] {1, 2, 3, 8}) {
      long seed = 0x9a7a11e1L + parallelism;
      List<RawEvent> batch = mixedBatch(seed, 60);
      List<Verdict<Event>> verdicts = new ParallelDecoder(executor, parallelism, DecodeLimits.DEFAULT).decodeAll(batch);
      assertEquals(oneByOne(batch), verdicts, "seed " + seed + ", parallelism " + parallelism);
      long accepted = verdicts.stream().filter(Verdict::isAccepted).count();
      assertTrue(accepted > 0 && accepted < batch.size(), "seed " + seed + ": a mixed batch, " + accepted + " accepted");
    }
  }

  @Test
  void smallAndEmptyBatches() throws InterruptedException {
    ParallelDecoder decoder = new ParallelDecoder(executor, 4, DecodeLimits.DEFAULT);
    assertEquals(List.of(), decoder.decodeAll(List.of()));
    Event event =
        org.walkaway.core.EventBuilder.create().body(Body.ofText("one")).sign(SigningKey.fromSeed(new byte[32]));
    assertEquals(List.of(Verdict.accepted(event)), decoder.decodeAll(List.of(RawEvent.of(event))));
    List<RawEvent> three = mixedBatch(5, 3);
    assertEquals(oneByOne(three), decoder.decodeAll(three));
  }

  @Test
  void parallelismMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ParallelDecoder(executor, 0, DecodeLimits.DEFAULT));
  }
}

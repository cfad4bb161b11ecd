package org.walkaway.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

class DeliveryQueueTest {
  private static final TopicId TOPIC = TopicId.fromName("queue");
  private static final PublicKey PEER = new PublicKey(Bytes.of(new byte[32]));

  private static Output.Deliver delivery(int n) {
    Bytes payload = Bytes.of(new byte[] {(byte) (n >>> 8), (byte) n});
    return new Output.Deliver(TOPIC, Hash.of(payload), payload, PEER, 1);
  }

  @Test
  void aLaggingSubscriberIsToldHowMuchItMissed() {
    DeliveryQueue queue = new DeliveryQueue(3);
    for (int i = 0; i < 5; i++) {
      queue.offer(delivery(i));
    }
    assertEquals(new DeliveryQueue.Received(delivery(2), 2), queue.poll().orElseThrow());
    assertEquals(new DeliveryQueue.Received(delivery(3), 0), queue.poll().orElseThrow());
    queue.offer(delivery(5));
    assertEquals(new DeliveryQueue.Received(delivery(4), 0), queue.poll().orElseThrow());
    assertEquals(new DeliveryQueue.Received(delivery(5), 0), queue.poll().orElseThrow());
    assertEquals(Optional.empty(), queue.poll());
    assertEquals(2, queue.missedTotal());
  }

  /** Whatever the interleaving, what was taken plus what was reported missed is what was offered. */
  @RepeatedTest(20)
  void nothingIsLostSilently(RepetitionInfo repetition) {
    long seed = 0x5EED + repetition.getCurrentRepetition();
    SplittableRandom random = new SplittableRandom(seed);
    DeliveryQueue queue = new DeliveryQueue(1 + random.nextInt(8));
    int offered = 0;
    long accounted = 0;
    List<Integer> taken = new ArrayList<>();
    for (int step = 0; step < 500; step++) {
      if (random.nextInt(3) > 0) {
        queue.offer(delivery(offered++));
      } else {
        Optional<DeliveryQueue.Received> received = queue.poll();
        if (received.isPresent()) {
          accounted += received.get().missedBefore() + 1;
          taken.add(received.get().delivery().payload().get(1) & 0xFF | (received.get().delivery().payload().get(0) & 0xFF) << 8);
        }
      }
    }
    while (true) {
      Optional<DeliveryQueue.Received> received = queue.poll();
      if (received.isEmpty()) {
        break;
      }
      accounted += received.get().missedBefore() + 1;
      taken.add(received.get().delivery().payload().get(1) & 0xFF | (received.get().delivery().payload().get(0) & 0xFF) << 8);
    }
    assertEquals(offered, accounted, "seed " + seed);
    for (int i = 1; i < taken.size(); i++) {
      assertTrue(taken.get(i) > taken.get(i - 1), "in order, seed " + seed);
    }
    assertEquals(offered - taken.size(), queue.missedTotal(), "seed " + seed);
  }
}

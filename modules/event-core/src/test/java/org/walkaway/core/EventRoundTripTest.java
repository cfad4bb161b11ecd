package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventRoundTripTest {
  private final SigningKey key = SigningKey.fromSeed(new byte[32]);

  @Test
  void signedEventDecodesToTheSameEvent() {
    Event first = EventBuilder.create().logId(LogId.ofTopic("chat")).body(Body.ofText("hello")).sign(key);
    Event second =
        EventBuilder.following(first)
            .timestampMicros(1_700_000_000_000_000L)
            .previous(List.of(Hash.of(new byte[] {1})))
            .body(Body.ofText("again"))
            .sign(key);
    for (Event event : List.of(first, second)) {
      Event decoded =
          EventCodec.decode(event.headerBytes().toArray(), event.body().orElseThrow().bytes().toArray())
              .orElseThrow();
      assertEquals(event, decoded);
      assertEquals(Hash.of(event.headerBytes()), decoded.id());
    }
    assertEquals(LogId.ofTopic("chat"), second.logId());
    assertEquals(1, second.seqNum());
    assertEquals(Optional.of(first.id()), second.header().backlink());
  }

  @Test
  void flippedBitIsRejected() {
    Event event = EventBuilder.create().body(Body.ofText("hello")).sign(key);
    byte[] bytes = event.headerBytes().toArray();
    bytes[bytes.length - 1] ^= 1;
    Verdict<Event> verdict = EventCodec.decode(bytes);
    assertFalse(verdict.isAccepted(), verdict.toString());
    assertTrue(EventCodec.decode(event.headerBytes().toArray()).isAccepted());
  }
}

package org.walkaway.sync.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;

class MessageTest {
  private static final LogId TOPIC = LogId.ofTopic("message-test");

  @Test
  void aCompactEventSplicesBackToTheExactHeader() {
    SigningKey key = SigningKey.generate(new SplittableRandom(4));
    Event first = EventBuilder.create().logId(TOPIC).body(Body.ofText("first")).sign(key);
    Event second = EventBuilder.following(first).timestampMicros(123).body(Body.ofText("second")).sign(key);
    byte[] body = second.body().orElseThrow().bytes().toArray();
    List<Optional<byte[]>> dictionary = List.of(
        Optional.of(key.publicKey().bytes().toArray()),
        Optional.of(second.header().payloadHash().orElseThrow().bytes().toArray()),
        Optional.of(first.id().bytes().toArray()),
        Optional.of(TOPIC.bytes().toArray()));
    byte[] frame = Message.encodeCompactEvent(second.headerBytes().toArray(), Optional.of(body), dictionary);
    Message.CompactEventFrame decoded = (Message.CompactEventFrame) Message.decode(frame);
    assertEquals(0b1111, decoded.mask(), "all four values are cut");
    assertArrayEquals(second.headerBytes().toArray(), decoded.header(dictionary::get, 32 * 1024));
    assertTrue(frame.length < second.headerBytes().length() - 120 + body.length + 12,
        "frame " + frame.length + " bytes for a " + second.headerBytes().length() + "-byte header");
    assertThrows(WireException.class,
        () -> decoded.header(i -> i == 2 ? Optional.empty() : dictionary.get(i), 32 * 1024),
        "a receiver without the backlink cannot splice");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void garbageOnlyEverFailsAsAWireException(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20_000; i++) {
      byte[] frame = new byte[random.nextInt(80)];
      random.nextBytes(frame);
      if (frame.length > 0) {
        frame[0] = (byte) (1 + random.nextInt(9));
      }
      try {
        Message.decode(frame);
      } catch (WireException expected) {
        // the only failure allowed
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", input " + java.util.HexFormat.of().formatHex(frame), e);
      }
    }
  }
}

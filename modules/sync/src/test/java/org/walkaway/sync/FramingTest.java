package org.walkaway.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramingTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void framesSurviveAnyChunking(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> frames = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 50; i++) {
      byte[] frame = new byte[random.nextInt(400)];
      random.nextBytes(frame);
      frames.add(frame);
      stream.writeBytes(Framing.prefix(frame));
    }
    byte[] bytes = stream.toByteArray();
    Framing.Splitter splitter = new Framing.Splitter(1024);
    List<byte[]> out = new ArrayList<>();
    for (int at = 0; at < bytes.length; ) {
      int chunk = Math.min(bytes.length - at, 1 + random.nextInt(300));
      out.addAll(splitter.feed(bytes, at, chunk));
      at += chunk;
    }
    assertEquals(frames.size(), out.size(), "seed " + seed);
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), out.get(i), "seed " + seed + ", frame " + i);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1})
  void anOversizedLengthStopsTheSplitterBeforeBuffering(long seed) {
    Framing.Splitter splitter = new Framing.Splitter(1024);
    byte[] prefix = Framing.prefix(new byte[5000]);
    assertTrue(splitter.feed(prefix, 0, 3).isEmpty());
    assertEquals(SyncError.Reason.FRAME_TOO_LARGE, splitter.error().orElseThrow().reason(), "seed " + seed);
  }
}

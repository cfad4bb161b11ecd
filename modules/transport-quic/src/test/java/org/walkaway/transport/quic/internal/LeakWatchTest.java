package org.walkaway.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** The leak checks of the other tests mean something only if a real leak is caught. */
class LeakWatchTest {
  @Test
  void aLeakedBufferIsReported() throws InterruptedException {
    LeakWatch.install();
    assertTrue(
        ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID,
        "tests run with -Dio.netty.leakDetection.level=paranoid, got " + ResourceLeakDetector.getLevel());
    int before = LeakWatch.leaks().size();
    leakOne();
    boolean reported = false;
    for (int i = 0; i < 20 && !reported; i++) {
      reported = LeakWatch.leaks().size() > before;
    }
    LeakWatch.forgetFrom(before);
    assertTrue(reported, "a deliberately leaked buffer was not reported");
  }

  private static void leakOne() {
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(128);
    leaked.writeInt(42);
  }
}

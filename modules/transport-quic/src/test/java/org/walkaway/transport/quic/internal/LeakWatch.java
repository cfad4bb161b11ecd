package org.walkaway.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects Netty's "LEAK:" reports (the surefire argLine sets leak detection to paranoid, so every
 * buffer is tracked) so that a test class can fail on them instead of only logging them.
 */
final class LeakWatch {
  private static final Logger DETECTOR = Logger.getLogger("io.netty.util.ResourceLeakDetector");
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static final Handler HANDLER =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String message = record.getMessage();
          if (message != null && message.contains("LEAK")) {
            LEAKS.add(message);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  static {
    DETECTOR.addHandler(HANDLER);
    DETECTOR.setLevel(Level.ALL);
  }

  private LeakWatch() {}

  /** Forgets reports from {@code index} on (used by the check that the watch itself works). */
  static void forgetFrom(int index) {
    while (LEAKS.size() > index) {
      LEAKS.remove(LEAKS.size() - 1);
    }
  }

  static void install() {
    // The static initializer did the work.
  }

  /**
   * Leaks are reported when the detector notices a collected, unreleased buffer, which happens on
   * later allocations: collect garbage, then allocate a few buffers to make it look.
   */
  static List<String> leaks() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(50);
      for (int i = 0; i < 200; i++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.release();
      }
    }
    return List.copyOf(LEAKS);
  }
}

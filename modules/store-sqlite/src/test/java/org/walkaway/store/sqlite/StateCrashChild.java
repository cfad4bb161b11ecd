package org.walkaway.store.sqlite;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.walkaway.core.Bytes;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;

/**
 * The process {@link StateCrashTest} kills: it commits numbered state batches as fast as it can,
 * through a {@link SqliteStateStore} that shares an event store's file, and prints the number of
 * every batch after {@code apply} returned.
 *
 * <p>Batch {@code n} puts {@code k} records {@code 'b' n i} (1 <= k <= 50, each holding k), sets
 * {@code "h"} (the head) to {@code n}, and deletes every record of batch {@code n - 5}. So after any
 * crash, with head {@code h}: exactly the batches {@code h-4 .. h} are there, each with all its
 * {@code k} records, and nothing else.
 *
 * <p>Arguments: the file and a seed. Output: {@code READY}, then {@code ACK <n>} per batch, or
 * {@code FAILED <what>} and exit 2.
 */
public final class StateCrashChild {
  private StateCrashChild() {}

  static final Namespace NAMESPACE = Namespace.of("crash");
  static final Bytes HEAD = Bytes.of((byte) 'h');
  static final int KEPT = 5;

  static Bytes batchPrefix(long n) {
    return Bytes.of(ByteBuffer.allocate(9).put((byte) 'b').putLong(n).array());
  }

  static Bytes number(long n) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(n).array());
  }

  static long number(Bytes bytes) {
    return ByteBuffer.wrap(bytes.toArray()).getLong();
  }

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    PrintStream out = System.out;
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      SqliteStateStore state = SqliteStateStore.sharing(events);
      long n = state.get(NAMESPACE, HEAD).map(StateCrashChild::number).orElse(-1L) + 1;
      out.println("READY");
      out.flush();
      for (; ; n++) {
        int k = random.nextInt(1, 51);
        StateBatch.Builder batch = StateBatch.builder();
        if (n >= KEPT) {
          batch.deleteRange(NAMESPACE, KeyRange.prefix(batchPrefix(n - KEPT)));
        }
        for (int i = 0; i < k; i++) {
          byte[] key = ByteBuffer.allocate(11).put(batchPrefix(n).toArray()).putShort((short) i).array();
          batch.put(NAMESPACE, Bytes.of(key), number(k));
        }
        batch.put(NAMESPACE, HEAD, number(n));
        state.apply(batch.build());
        out.println("ACK " + n);
        out.flush();
      }
    } catch (RuntimeException e) {
      out.println("FAILED " + e);
      out.flush();
      System.exit(2);
    }
  }
}

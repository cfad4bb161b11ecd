package org.walkaway.core.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Verdict;

/**
 * Decodes and verifies a batch of events on several threads, keeping the batch's order. Signature
 * verification is the most expensive step of ingest and needs no shared state, so it is the step to
 * spread across cores; the pipeline after it stays single-threaded.
 *
 * <p>The batch is cut into one chunk per thread (not one task per event, which would cost more in
 * hand-over than a verification takes).
 */
public final class ParallelDecoder {
  private final Executor executor;
  private final int parallelism;
  private final DecodeLimits limits;

  /**
   * @param executor runs the chunks, for example a fixed pool with one thread per core
   * @param parallelism how many chunks a batch is cut into
   */
  public ParallelDecoder(Executor executor, int parallelism, DecodeLimits limits) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.executor = Objects.requireNonNull(executor, "executor");
    this.parallelism = parallelism;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** One verdict per input, in input order. */
  public List<Verdict<Event>> decodeAll(List<RawEvent> batch) throws InterruptedException {
    try {
      return decodeAllAsync(batch).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("decoding failed unexpectedly; this is a bug", e.getCause());
    }
  }

  /**
   * As {@link #decodeAll}, without blocking: the verdicts, in input order, once every chunk is done.
   * A caller that has other work (a sync session preparing its next batch) does it meanwhile.
   */
  public CompletableFuture<List<Verdict<Event>>> decodeAllAsync(List<RawEvent> batch) {
    int size = batch.size();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Verdict<Event>[] verdicts = new Verdict[size];
    int chunks = Math.min(parallelism, Math.max(1, size));
    List<CompletableFuture<Void>> futures = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) size * c / chunks);
      int to = (int) ((long) size * (c + 1) / chunks);
      futures.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = from; i < to; i++) {
                  RawEvent raw = batch.get(i);
                  verdicts[i] =
                      EventCodec.decode(raw.header().toArray(), EventDecoder.bodyOf(raw), limits);
                }
              },
              executor));
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(done -> List.of(verdicts));
  }
}

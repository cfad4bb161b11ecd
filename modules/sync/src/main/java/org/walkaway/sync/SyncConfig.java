package org.walkaway.sync;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;

/**
 * How one {@link SyncSession} runs.
 *
 * @param topic the topic's log id ({@link LogId#ofTopic}); the session covers every author's log
 *     with this id
 * @param localNode this node's identity, sent to the peer and used by the dial tie-break
 * @param peerNode the peer's identity, as the transport authenticated it
 * @param initiator true on the side that opened the channel
 * @param live after catching up, keep the session open and push new events ({@link
 *     SyncSession#publish})
 * @param reconcileAbove above this many logs on either side, exchange tips by range-based set
 *     reconciliation instead of sending them all
 * @param maxFrameBytes a peer's frame larger than this cuts it off
 * @param stallTimeoutMillis a peer that sends nothing for this long while the session waits for it
 *     is cut off ({@link SyncSession#tick})
 * @param commitBatch received events of one log are verified and appended in batches of at most this
 *     many: the unit of "nothing half-applied"
 * @param sendBatch at most this many event frames leave per call; {@link SyncSession#poll} gives more
 * @param decodeLimits limits for every header decoded
 * @param verifyExecutor optional executor to verify a batch's signatures on several threads, while
 *     the session goes on splicing the next batch (pipelined; see {@link SyncSession})
 * @param verifyParallelism how many chunks a batch is cut into on {@code verifyExecutor}
 */
public record SyncConfig(
    LogId topic,
    PublicKey localNode,
    PublicKey peerNode,
    boolean initiator,
    boolean live,
    int reconcileAbove,
    int maxFrameBytes,
    long stallTimeoutMillis,
    int commitBatch,
    int sendBatch,
    DecodeLimits decodeLimits,
    Optional<Executor> verifyExecutor,
    int verifyParallelism) {

  public static final int DEFAULT_RECONCILE_ABOVE = 1024;
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  public SyncConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(localNode, "localNode");
    Objects.requireNonNull(peerNode, "peerNode");
    Objects.requireNonNull(decodeLimits, "decodeLimits");
    Objects.requireNonNull(verifyExecutor, "verifyExecutor");
    if (localNode.equals(peerNode)) {
      throw new IllegalArgumentException("a node does not sync with itself: " + localNode);
    }
    if (reconcileAbove < 0 || maxFrameBytes < 1024 || stallTimeoutMillis < 1 || commitBatch < 1
        || sendBatch < 1 || verifyParallelism < 1) {
      throw new IllegalArgumentException("sync limits out of range");
    }
  }

  /** Defaults: no live mode, reconciliation above 1,024 logs, 16 MiB frames, 30 s stall, batches of 256. */
  public static SyncConfig of(LogId topic, PublicKey localNode, PublicKey peerNode, boolean initiator) {
    return new SyncConfig(
        topic, localNode, peerNode, initiator, false, DEFAULT_RECONCILE_ABOVE, DEFAULT_MAX_FRAME_BYTES,
        30_000, 256, 256, DecodeLimits.DEFAULT, Optional.empty(), 1);
  }

  public SyncConfig withLive(boolean live) {
    return new SyncConfig(topic, localNode, peerNode, initiator, live, reconcileAbove, maxFrameBytes,
        stallTimeoutMillis, commitBatch, sendBatch, decodeLimits, verifyExecutor, verifyParallelism);
  }

  public SyncConfig withReconcileAbove(int logs) {
    return new SyncConfig(topic, localNode, peerNode, initiator, live, logs, maxFrameBytes,
        stallTimeoutMillis, commitBatch, sendBatch, decodeLimits, verifyExecutor, verifyParallelism);
  }

  public SyncConfig withMaxFrameBytes(int bytes) {
    return new SyncConfig(topic, localNode, peerNode, initiator, live, reconcileAbove, bytes,
        stallTimeoutMillis, commitBatch, sendBatch, decodeLimits, verifyExecutor, verifyParallelism);
  }

  public SyncConfig withStallTimeoutMillis(long millis) {
    return new SyncConfig(topic, localNode, peerNode, initiator, live, reconcileAbove, maxFrameBytes,
        millis, commitBatch, sendBatch, decodeLimits, verifyExecutor, verifyParallelism);
  }

  public SyncConfig withBatches(int commit, int send) {
    return new SyncConfig(topic, localNode, peerNode, initiator, live, reconcileAbove, maxFrameBytes,
        stallTimeoutMillis, commit, send, decodeLimits, verifyExecutor, verifyParallelism);
  }

  public SyncConfig withVerifyExecutor(Executor executor, int parallelism) {
    return new SyncConfig(topic, localNode, peerNode, initiator, live, reconcileAbove, maxFrameBytes,
        stallTimeoutMillis, commitBatch, sendBatch, decodeLimits, Optional.of(executor), parallelism);
  }

  /** The initiator's identity: the dial tie-break compares these. */
  public PublicKey initiatorNode() {
    return initiator ? localNode : peerNode;
  }
}

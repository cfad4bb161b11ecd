package org.walkaway.core.state;

import java.util.List;
import java.util.Optional;
import org.walkaway.core.Bytes;

/**
 * Durable key/value records for processors that must remember something across restarts: an
 * orderer's held items and delivery log, a stream's cursors. Modules that need durable state write
 * against this SPI, and a store module (such as store-sqlite) implements it, so that neither depends
 * on the other.
 *
 * <pre>
 *   namespace "ordering"            namespace "cursors"
 *   key (bytes)    -> value (bytes) key -> value
 *   ...sorted by key, unsigned lexicographic
 * </pre>
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Atomic and durable when the call returns.</b> {@link #apply} applies every write of its
 *       batch or none, across namespaces; once it returns, the batch survives a crash of the process
 *       (and, where the implementation says so, a loss of power). A batch that was interrupted by a
 *       crash is absent whole after a restart. An in-memory store is durable for its own lifetime
 *       only.</li>
 *   <li><b>Isolated.</b> A read ({@link #get}, or one {@link #scan} call) never sees part of a batch;
 *       batches from several threads take effect one after the other.</li>
 *   <li><b>Ordered.</b> {@link #scan} returns keys in unsigned lexicographic order, the order of
 *       {@link Bytes#compareTo}: a key comes before every longer key it is a prefix of.</li>
 *   <li>Keys have 0 to {@link #MAX_KEY_LENGTH} bytes; values any length (keep them small: a scan
 *       holds what it returns in memory).</li>
 *   <li>Failures of the store itself (I/O, a closed store) are
 *       {@link org.walkaway.core.store.StoreException}s; after one, the batch was applied whole or not
 *       at all. Bad arguments are {@link IllegalArgumentException}s.</li>
 *   <li>Implementations are safe for concurrent use.</li>
 * </ul>
 *
 * A store shares nothing between namespaces but the transaction: choose a namespace per user, and
 * within it a key layout whose order serves your scans (big-endian numbers sort as numbers).
 */
public interface StateStore extends AutoCloseable {
  /** The longest key a store accepts, in bytes. */
  int MAX_KEY_LENGTH = 1024;

  /** The value of {@code key} in {@code namespace}. */
  Optional<Bytes> get(Namespace namespace, Bytes key);

  /**
   * Up to {@code limit} records of {@code namespace} whose keys lie in {@code range}, in ascending key
   * order. To read a long range in pages, pass the last key of a page to {@link KeyRange#after}.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  List<StateEntry> scan(Namespace namespace, KeyRange range, int limit);

  /** Applies {@code batch}, atomically and durably (see the contract). An empty batch does nothing. */
  void apply(StateBatch batch);

  /** A batch of one write. */
  default void put(Namespace namespace, Bytes key, Bytes value) {
    apply(StateBatch.builder().put(namespace, key, value).build());
  }

  /** A batch of one delete. */
  default void delete(Namespace namespace, Bytes key) {
    apply(StateBatch.builder().delete(namespace, key).build());
  }

  /**
   * Releases resources; using the store afterwards throws
   * {@link org.walkaway.core.store.StoreException}. Idempotent.
   */
  @Override
  void close();
}

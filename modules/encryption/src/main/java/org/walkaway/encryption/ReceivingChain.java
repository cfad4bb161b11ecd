package org.walkaway.encryption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import javax.security.auth.Destroyable;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.RatchetKdf;

/**
 * The receiving half of one sender's symmetric ratchet for one generation: it derives the same
 * chain as the sender's {@link SendingChain} and opens each message once, in any order within
 * bounds.
 *
 * <pre>
 *   counter:  0 ... watermark | ... next-1 | next ... next + maximumForwardDistance | beyond
 *             keys dropped      keys kept     derived from ck[next] when a message   refused
 *             (UNKNOWN_KEY)     for skipped   of this range opens                    (BEYOND_FORWARD_DISTANCE)
 *                               messages, or
 *                               used (REPLAYED)
 *                               at most maximumSkippedKeys kept; the oldest go first
 * </pre>
 *
 * <p>A message at counter {@code c}:
 * <ul>
 *   <li>{@code c ≥ next}: derive the keys from {@code next} to {@code c} (refused beyond
 *       {@link RatchetLimits#maximumForwardDistance()}: {@link EncryptionFailure#BEYOND_FORWARD_DISTANCE});
 *       keep those of the skipped counters, use {@code c}'s;</li>
 *   <li>{@code c < next} with a kept key: use it;</li>
 *   <li>{@code c < next} without one: {@link EncryptionFailure#REPLAYED} if it was used, or
 *       {@link EncryptionFailure#UNKNOWN_KEY} if its key was dropped to respect
 *       {@link RatchetLimits#maximumSkippedKeys()} (dropped keys are always the oldest, so one
 *       watermark tells the two apart; a replay of a message older than the watermark is reported as
 *       {@code UNKNOWN_KEY}).</li>
 * </ul>
 *
 * <p>Nothing changes unless the message opens: {@link #open} derives into temporaries, lets the
 * caller try the key, and commits (advances the chain, stores skipped keys, zeroes and forgets the
 * used key) only if the caller's attempt is accepted. So a forged or tampered message cannot burn a
 * key or move the chain. A key that opened a message is zeroed at once: it is unusable afterwards
 * (forward secrecy for that message).
 *
 * <p>Not thread-safe: one owner.
 */
public final class ReceivingChain implements Destroyable {
  private final PublicKey sender;
  private final long generation;
  private final RatchetLimits limits;
  private byte[] chainKey;
  private long nextCounter;
  private final TreeMap<Long, SymmetricKey> skipped = new TreeMap<>();
  /** Every counter at or below this one had its key dropped (or used); -1 while none was dropped. */
  private long droppedThrough = -1;
  private boolean destroyed;

  private ReceivingChain(PublicKey sender, long generation, RatchetLimits limits, byte[] chainKey) {
    this.sender = sender;
    this.generation = generation;
    this.limits = limits;
    this.chainKey = chainKey;
  }

  /** The chain of {@code sender} at {@code generation}, from {@code seed} (which the caller keeps and may destroy). */
  public static ReceivingChain seed(PublicKey sender, long generation, SymmetricKey seed, RatchetLimits limits) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(limits, "limits");
    SendingChain.checkGeneration(generation);
    return new ReceivingChain(sender, generation, limits,
        RatchetKdf.initialChainKey(seed.view(), sender.bytes().toArray(), generation));
  }

  public PublicKey sender() {
    return sender;
  }

  public long generation() {
    return generation;
  }

  /** The lowest counter whose key has not been derived yet. */
  public long nextCounter() {
    return nextCounter;
  }

  /** How many keys of skipped messages are kept. */
  public int skippedKeyCount() {
    return skipped.size();
  }

  /**
   * Finds the key of message {@code counter} and hands it to {@code attempt}; if the attempt is
   * accepted, the key is zeroed and forgotten and the chain moves past {@code counter}; if it is
   * rejected, or the key cannot be had, nothing changes.
   */
  public <T> Verdict<T> open(long counter, Function<SymmetricKey, Verdict<T>> attempt) {
    Objects.requireNonNull(attempt, "attempt");
    if (destroyed) {
      throw new IllegalStateException("this chain was destroyed");
    }
    if (counter < 0 || counter > SendingChain.MAX_COUNTER) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection("a counter is in 0..2^32-1, got " + counter));
    }
    if (counter < nextCounter) {
      return openSkipped(counter, attempt);
    }
    long distance = counter - nextCounter;
    if (distance > limits.maximumForwardDistance()) {
      return Verdict.rejected(EncryptionFailure.BEYOND_FORWARD_DISTANCE.rejection("message " + counter + " of " + this
          + " is " + distance + " ahead of the next expected one, more than " + limits.maximumForwardDistance()));
    }
    // Derive into temporaries; commit only if the message opens.
    List<SymmetricKey> derived = new ArrayList<>((int) distance + 1);
    byte[] key = chainKey.clone();
    for (long c = nextCounter; c <= counter; c++) {
      byte[][] step = RatchetKdf.step(key);
      Arrays.fill(key, (byte) 0);
      key = step[0];
      derived.add(SymmetricKey.adopt(step[1]));
    }
    SymmetricKey target = derived.get(derived.size() - 1);
    Verdict<T> verdict = attempt.apply(target);
    target.destroy();
    if (!verdict.isAccepted()) {
      derived.forEach(SymmetricKey::destroy);
      Arrays.fill(key, (byte) 0);
      return verdict;
    }
    for (int i = 0; i < derived.size() - 1; i++) {
      skipped.put(nextCounter + i, derived.get(i));
    }
    Arrays.fill(chainKey, (byte) 0);
    chainKey = key;
    nextCounter = counter + 1;
    while (skipped.size() > limits.maximumSkippedKeys()) {
      Map.Entry<Long, SymmetricKey> oldest = skipped.pollFirstEntry();
      oldest.getValue().destroy();
      droppedThrough = oldest.getKey();
    }
    return verdict;
  }

  private <T> Verdict<T> openSkipped(long counter, Function<SymmetricKey, Verdict<T>> attempt) {
    SymmetricKey key = skipped.get(counter);
    if (key == null) {
      if (counter <= droppedThrough) {
        return Verdict.rejected(EncryptionFailure.UNKNOWN_KEY.rejection("the key of message " + counter + " of " + this
            + " was dropped: more than " + limits.maximumSkippedKeys() + " messages were skipped after it (or it was already used)"));
      }
      return Verdict.rejected(EncryptionFailure.REPLAYED.rejection("message " + counter + " of " + this + " was already opened"));
    }
    Verdict<T> verdict = attempt.apply(key);
    if (verdict.isAccepted()) {
      skipped.remove(counter);
      key.destroy();
    }
    return verdict;
  }

  /** Zeroes the chain key and every kept key. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(chainKey, (byte) 0);
    skipped.values().forEach(SymmetricKey::destroy);
    skipped.clear();
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "chain[sender=" + sender + ", generation=" + generation + ", next=" + nextCounter + "]";
  }
}

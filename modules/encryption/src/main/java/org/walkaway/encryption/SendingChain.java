package org.walkaway.encryption;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.PublicKey;
import org.walkaway.encryption.internal.RatchetKdf;

/**
 * The sending half of one sender's symmetric ratchet for one generation: a KDF chain that gives the
 * key of message 0, 1, 2... and forgets each chain key as soon as the next one exists.
 *
 * <pre>
 *   seed (update secret) ──▶ ck0 ──▶ ck1 ──▶ ck2 ──▶ ...      ck[n] is zeroed once ck[n+1] exists
 *                             │       │       │
 *                             ▼       ▼       ▼
 *                            mk0     mk1     mk2              each used for one message, then zeroed
 * </pre>
 *
 * <p>Forward secrecy: someone who steals this object later learns ck[n] for the next n only, and the
 * KDF cannot be run backwards, so earlier messages stay closed. Post-compromise security comes from
 * the next generation, seeded by a fresh update secret that the stolen state cannot derive.
 *
 * <p>Not thread-safe: one owner, like all sans-IO state here. The seed is not kept.
 */
public final class SendingChain implements Destroyable {
  /** The last counter a chain gives; a sender that reaches it must start a new generation. */
  public static final long MAX_COUNTER = 0xFFFF_FFFFL;

  private final PublicKey sender;
  private final long generation;
  private byte[] chainKey;
  private long nextCounter;
  private boolean destroyed;

  private SendingChain(PublicKey sender, long generation, byte[] chainKey) {
    this.sender = sender;
    this.generation = generation;
    this.chainKey = chainKey;
  }

  /** The chain of {@code sender} at {@code generation}, derived from {@code seed} (which the caller keeps and may destroy). */
  public static SendingChain seed(PublicKey sender, long generation, SymmetricKey seed) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(seed, "seed");
    checkGeneration(generation);
    return new SendingChain(sender, generation,
        RatchetKdf.initialChainKey(seed.view(), sender.bytes().toArray(), generation));
  }

  static void checkGeneration(long generation) {
    if (generation < 0 || generation > MAX_COUNTER) {
      throw new IllegalArgumentException("a generation is in 0..2^32-1, got " + generation);
    }
  }

  public PublicKey sender() {
    return sender;
  }

  public long generation() {
    return generation;
  }

  /** The counter the next message will carry. */
  public long nextCounter() {
    return nextCounter;
  }

  /** The key for the next message; the chain moves on and forgets the chain key it came from. */
  MessageKey next() {
    if (destroyed) {
      throw new IllegalStateException("this chain was destroyed");
    }
    if (nextCounter > MAX_COUNTER) {
      throw new IllegalStateException("chain " + generation + " is exhausted: start a new generation");
    }
    byte[][] step = RatchetKdf.step(chainKey);
    Arrays.fill(chainKey, (byte) 0);
    chainKey = step[0];
    return new MessageKey(nextCounter++, SymmetricKey.adopt(step[1]));
  }

  /** Zeroes the chain key; the chain gives no more keys. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(chainKey, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** The current chain key, for tests that play an attacker who stole the state. */
  byte[] chainKey(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return chainKey.clone();
  }

  @Override
  public String toString() {
    return "SendingChain[sender=" + sender + ", generation=" + generation + ", nextCounter=" + nextCounter + ", <redacted>]";
  }
}

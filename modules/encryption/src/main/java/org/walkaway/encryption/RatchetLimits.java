package org.walkaway.encryption;

/**
 * How much disorder a receiving chain of the message scheme tolerates.
 *
 * @param maximumForwardDistance how far ahead of the next expected counter a message may be; a
 *     message further ahead is refused ({@link EncryptionFailure#BEYOND_FORWARD_DISTANCE}) without
 *     deriving anything, so one message can cost at most this many KDF steps
 * @param maximumSkippedKeys how many keys of skipped (not yet received) messages one chain keeps; when
 *     more are skipped, the oldest are zeroed and dropped, and their messages become unreadable
 *     ({@link EncryptionFailure#UNKNOWN_KEY})
 * @param maximumGenerationsPerSender how many generations (chains) of one sender are kept at once;
 *     when a newer one arrives, the oldest is zeroed and dropped, so late messages of an old
 *     generation become unreadable; keeping few is what makes an update heal a compromise
 */
public record RatchetLimits(int maximumForwardDistance, int maximumSkippedKeys, int maximumGenerationsPerSender) {
  /**
   * 1,000 messages ahead, 1,000 skipped keys (32 KiB of keys) per chain, 4 generations per sender.
   * 1,000 is Signal's {@code MAX_SKIP} and OpenMLS's default {@code maximum_forward_distance} (whose
   * sender-ratchet parameters p2panda's message scheme follows): enough for a sender's burst while a
   * peer is offline, small enough that one message costs at most about 1,000 HKDF steps (a few
   * milliseconds). OpenMLS keeps keys for only 5 messages back ({@code out_of_order_tolerance});
   * here 1,000, because peers that sync after being offline see far more reordering than a
   * server-ordered MLS group. Four
   * generations, because DCGKA steps a sender's ratchet not only on its updates but on each of its
   * acks and adds too, so a few generations can pass while a message sealed just before is in
   * flight. Older receiving chains do not weaken post-compromise security (a new generation comes
   * from a fresh secret either way); they keep a little more key material readable if stolen.
   */
  public static final RatchetLimits DEFAULT = new RatchetLimits(1000, 1000, 4);

  public RatchetLimits {
    if (maximumForwardDistance < 0) {
      throw new IllegalArgumentException("maximumForwardDistance must not be negative: " + maximumForwardDistance);
    }
    if (maximumSkippedKeys < 0) {
      throw new IllegalArgumentException("maximumSkippedKeys must not be negative: " + maximumSkippedKeys);
    }
    if (maximumGenerationsPerSender < 1) {
      throw new IllegalArgumentException("maximumGenerationsPerSender must be at least 1: " + maximumGenerationsPerSender);
    }
  }
}

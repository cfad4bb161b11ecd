package org.walkaway.sync.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.walkaway.core.Blake3;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;

/**
 * Range-based set reconciliation (A. Meyer, "Range-Based Set Reconciliation", SRDS 2023; the scheme
 * Negentropy implements) over the set of log tips of a topic.
 *
 * <h2>What is reconciled, and why tips</h2>
 *
 * An item is one author's log in the topic, keyed by the author's 32-byte public key, and its value is
 * the tip {@code (height, prunePoint)}. Because a log is an append-only hash chain, its tip stands for
 * every event id in it: two peers whose tips agree hold the same event ids for that author (a fork
 * aside, which the store records as evidence). Reconciling tips instead of every event id keeps the
 * cost proportional to the number of logs that differ, not to the number of events.
 *
 * <h2>Protocol</h2>
 *
 * <pre>
 *   leader                                  follower
 *   [0..∞): 16 fingerprints  ───────────►   compare each range with its own:
 *                                            equal      → nothing
 *                                            differs, ≤ 16 tips here → ITEMS (its tips)
 *                                            differs, more          → split into 16 fingerprints
 *   same rules; ITEMS → ITEMS-REPLY ◄─────   (a reply lists only the tips that differ from, or
 *                                             are missing in, the ITEMS it answers)
 *   ...until a message asks for nothing more (no fingerprint, no ITEMS): both sides then know the
 *   peer's tips for exactly the ranges that differ.
 * </pre>
 *
 * A fingerprint is the first 16 bytes of BLAKE3(sum of the items' BLAKE3 digests mod 2^256 ‖ count);
 * the sum makes it incremental and independent of order, the outer hash keeps it from being steered.
 * Messages alternate strictly, so termination needs no extra round: whoever answers with a message
 * that asks for nothing is done after sending it, the other after reading it.
 */
public final class RangeReconciler {
  public static final int BRANCHING = 16;
  public static final int LEAF_ITEMS = 16;
  private static final Bytes MIN_KEY = Bytes.of(new byte[Message.KEY_LENGTH]);

  private final Tip[] mine;
  private final Bytes[] keys;
  private final byte[][] digests;
  private final Map<PublicKey, Tip> theirs = new HashMap<>();
  private final Set<PublicKey> exchanged = new HashSet<>();
  private int messagesProcessed;

  public RangeReconciler(List<Tip> tips) {
    this.mine = tips.stream().sorted().toArray(Tip[]::new);
    this.keys = new Bytes[mine.length];
    this.digests = new byte[mine.length][];
    for (int i = 0; i < mine.length; i++) {
      keys[i] = mine[i].author().bytes();
      ByteWriter item = new ByteWriter(48).writeBytes(keys[i].toArray());
      item.writeVarint(mine[i].height()).writeVarint(mine[i].prunePoint());
      digests[i] = Blake3.hash(item.toArray(), 0, item.size(), 32);
    }
  }

  /** The leader's opening message: the whole key space, split. */
  public Message.Ranges opening() {
    return new Message.Ranges(split(MIN_KEY, Optional.empty(), 0, mine.length));
  }

  /** The answer to a peer's message; {@link #done()} tells whether it ends the reconciliation. */
  public Message.Ranges answer(Message.Ranges received) {
    messagesProcessed++;
    List<Message.Range> out = new ArrayList<>();
    Optional<Bytes> previousUpper = Optional.of(MIN_KEY);
    for (Message.Range range : received.ranges()) {
      if (range.upper().isPresent() && range.upper().get().compareTo(range.lower()) <= 0) {
        throw new WireException("range with upper bound not above its lower bound");
      }
      if (previousUpper.isEmpty() || range.lower().compareTo(previousUpper.get()) < 0) {
        throw new WireException("ranges overlap or are out of order");
      }
      previousUpper = range.upper();
      int from = lowerIndex(range.lower());
      int to = range.upper().map(this::lowerIndex).orElse(mine.length);
      switch (range) {
        case Message.Fingerprint f -> {
          if (!fingerprint(from, to).equals(f.fingerprint())) {
            out.addAll(split(range.lower(), range.upper(), from, to));
          }
        }
        case Message.Items items -> {
          for (Tip tip : items.tips()) {
            Bytes key = tip.author().bytes();
            if (key.compareTo(range.lower()) < 0
                || range.upper().map(u -> key.compareTo(u) >= 0).orElse(false)
                || theirs.putIfAbsent(tip.author(), tip) != null) {
              throw new WireException("tip " + tip.author() + " outside its range or repeated");
            }
          }
          if (items.reply()) {
            // The reply lists the peer's tips that differ from ours or that we lack, and which of
            // ours it lacks: every other one of ours, the peer holds identically.
            Set<PublicKey> lacking = new HashSet<>(items.lacking());
            for (int i = from; i < to; i++) {
              exchanged.add(mine[i].author());
              if (!lacking.remove(mine[i].author())) {
                theirs.putIfAbsent(mine[i].author(), mine[i]);
              }
            }
            if (!lacking.isEmpty()) {
              throw new WireException("the peer says it lacks logs we never listed");
            }
          } else {
            // The peer sent all its tips in the range: we now know the range exactly, and tell it
            // only where we differ.
            List<Tip> differing = new ArrayList<>();
            Set<PublicKey> held = new HashSet<>();
            for (int i = from; i < to; i++) {
              exchanged.add(mine[i].author());
              held.add(mine[i].author());
              if (!mine[i].equals(theirs.get(mine[i].author()))) {
                differing.add(mine[i]);
              }
            }
            List<PublicKey> lacking =
                items.tips().stream().map(Tip::author).filter(author -> !held.contains(author)).toList();
            out.add(new Message.Items(range.lower(), range.upper(), List.copyOf(differing), true, lacking));
          }
        }
      }
    }
    return new Message.Ranges(List.copyOf(out));
  }

  /** True if a message asks for an answer (holds a fingerprint or unanswered items). */
  public static boolean asksForAnswer(Message.Ranges message) {
    return message.ranges().stream()
        .anyMatch(r -> r instanceof Message.Fingerprint || (r instanceof Message.Items i && !i.reply()));
  }

  /** The peer's tips learned so far, for the logs whose ranges differed. */
  public Map<PublicKey, Tip> theirs() {
    return Map.copyOf(theirs);
  }

  /**
   * Authors whose logs were compared tip by tip: for these {@link #theirs()} is exact (an author
   * absent there is a log the peer lacks). Every other log of ours lies in a range whose
   * fingerprints matched, so the peer holds it identically.
   */
  public Set<PublicKey> settled() {
    Set<PublicKey> all = new HashSet<>(exchanged);
    all.addAll(theirs.keySet());
    return all;
  }

  public int messagesProcessed() {
    return messagesProcessed;
  }

  private List<Message.Range> split(Bytes lower, Optional<Bytes> upper, int from, int to) {
    int count = to - from;
    if (count <= LEAF_ITEMS) {
      return List.of(items(lower, upper, from, to, false));
    }
    List<Message.Range> ranges = new ArrayList<>(BRANCHING);
    Bytes bucketLower = lower;
    for (int b = 0; b < BRANCHING; b++) {
      int bucketFrom = from + (int) ((long) count * b / BRANCHING);
      int bucketTo = from + (int) ((long) count * (b + 1) / BRANCHING);
      Optional<Bytes> bucketUpper = b == BRANCHING - 1 ? upper : Optional.of(keys[bucketTo]);
      ranges.add(new Message.Fingerprint(bucketLower, bucketUpper, fingerprint(bucketFrom, bucketTo)));
      bucketLower = bucketUpper.orElse(bucketLower);
    }
    return ranges;
  }

  private Message.Items items(Bytes lower, Optional<Bytes> upper, int from, int to, boolean reply) {
    return new Message.Items(lower, upper, List.copyOf(Arrays.asList(mine).subList(from, to)), reply, List.of());
  }

  /** Index of the first key at or above {@code bound}. */
  private int lowerIndex(Bytes bound) {
    int low = 0;
    int high = mine.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (keys[mid].compareTo(bound) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  Bytes fingerprint(int from, int to) {
    byte[] sum = new byte[32];
    for (int i = from; i < to; i++) {
      int carry = 0;
      byte[] d = digests[i];
      for (int j = 0; j < 32; j++) {
        int s = (sum[j] & 0xFF) + (d[j] & 0xFF) + carry;
        sum[j] = (byte) s;
        carry = s >>> 8;
      }
    }
    ByteWriter input = new ByteWriter(40).writeBytes(sum).writeVarint(to - from);
    return Bytes.of(Blake3.hash(input.toArray(), 0, input.size(), Message.FINGERPRINT_LENGTH));
  }
}

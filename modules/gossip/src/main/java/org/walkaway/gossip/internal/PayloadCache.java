package org.walkaway.gossip.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;

/**
 * Recent payloads of a topic, kept to answer grafts: bounded by total bytes and by age, oldest out
 * first (a graft asks for a message that was just announced, so the newest matter most).
 */
public final class PayloadCache {

  /** A cached payload, the hops at which it arrived here, and when. */
  public record Entry(Hash id, Bytes payload, int hops, long receivedAt) {}

  private final long capacityBytes;
  private final long retentionMillis;
  private final LinkedHashMap<Hash, Entry> entries = new LinkedHashMap<>();
  private long bytes;

  public PayloadCache(long capacityBytes, long retentionMillis) {
    this.capacityBytes = capacityBytes;
    this.retentionMillis = retentionMillis;
  }

  public void put(Hash id, Bytes payload, int hops, long now) {
    expire(now);
    long size = payload.length();
    if (size > capacityBytes || entries.containsKey(id)) {
      return;
    }
    Iterator<Entry> oldest = entries.values().iterator();
    while (bytes + size > capacityBytes && oldest.hasNext()) {
      bytes -= oldest.next().payload().length();
      oldest.remove();
    }
    entries.put(id, new Entry(id, payload, hops, now));
    bytes += size;
  }

  /** The entry for {@code id}, or null when it was never kept or has expired. */
  public Entry get(Hash id, long now) {
    expire(now);
    return entries.get(id);
  }

  /** Up to {@code limit} entries, newest first. */
  public List<Entry> newest(int limit, long now) {
    expire(now);
    List<Entry> result = new ArrayList<>(Math.min(limit, entries.size()));
    for (Entry entry : entries.sequencedValues().reversed()) {
      if (result.size() >= limit) {
        break;
      }
      result.add(entry);
    }
    return result;
  }

  public int size() {
    return entries.size();
  }

  private void expire(long now) {
    Iterator<Map.Entry<Hash, Entry>> oldest = entries.entrySet().iterator();
    while (oldest.hasNext()) {
      Entry entry = oldest.next().getValue();
      if (now - entry.receivedAt() <= retentionMillis) {
        return;
      }
      bytes -= entry.payload().length();
      oldest.remove();
    }
  }
}

package org.walkaway.store.sqlite.internal;

import java.util.Optional;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.Verdict;
import org.walkaway.store.sqlite.SqliteStoreException;

/**
 * Rebuilds events from stored rows.
 *
 * <p>The store trusts what it verified on the way in: an event reached {@link
 * org.walkaway.core.store.EventStore#append} only after {@link EventCodec#decode} or {@link
 * org.walkaway.core.EventBuilder} checked its signature and body, and the bytes stored are those
 * bytes. Reading them back parses the header ({@link EventCodec#parseHeader}, which still checks the
 * encoding) but does not verify the signature again, which would make every read cost an Ed25519
 * verification; nor hash the header again, since its id is stored beside it. A header that no longer
 * parses means the file was damaged outside SQLite's control, and is reported as corruption.
 */
public final class Rows {
  private Rows() {}

  // The bytes were accepted under whatever limits the caller decoded them with; only shape matters now.
  private static final DecodeLimits STORED =
      new DecodeLimits(Integer.MAX_VALUE, DecodeLimits.MAX_NESTING_DEPTH, Integer.MAX_VALUE, Header.MAX_U32);

  public static Header header(byte[] headerBytes, String where) {
    Verdict<Header> parsed = EventCodec.parseHeader(headerBytes, STORED);
    if (parsed instanceof Verdict.Accepted<Header>(Header header)) {
      return header;
    }
    throw new SqliteStoreException(
        SqliteStoreException.Kind.CORRUPT,
        "a stored header in " + where + " no longer parses ("
            + ((Verdict.Rejected<Header>) parsed).rejection()
            + "); the file was damaged. Restore it from a backup or resynchronise from peers");
  }

  /** The key of the id index: the id's first 8 bytes, big-endian (see {@link Schema}). */
  public static long idPrefix(byte[] id) {
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = (prefix << 8) | (id[i] & 0xff);
    }
    return prefix;
  }

  public static Event event(byte[] id, byte[] headerBytes, byte[] body, String where) {
    Optional<Body> attached = body == null ? Optional.empty() : Optional.of(Body.of(body));
    return new Event(Hash.fromBytes(id), header(headerBytes, where), Bytes.of(headerBytes), attached);
  }
}

package org.walkaway.sync;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;

/** What a {@link SyncSession} asks its driver to do, or tells it. */
public sealed interface SyncOutput {

  /** Send this frame to the peer, in order. */
  record Send(Bytes frame) implements SyncOutput {
    public Send {
      Objects.requireNonNull(frame, "frame");
    }
  }

  /** These events were verified and appended to the store, in log order: hand them on. */
  record Received(List<Event> events) implements SyncOutput {
    public Received {
      events = List.copyOf(events);
    }
  }

  /**
   * Both sides have everything the other had when they started. Without live mode the session is
   * over; in live mode it stays open for {@link SyncSession#publish}.
   */
  record Completed(SyncStats stats) implements SyncOutput {
    public Completed {
      Objects.requireNonNull(stats, "stats");
    }
  }

  /** The peer was cut off. Close the channel. What was appended before stays (whole batches only). */
  record Failed(SyncError error, SyncStats stats) implements SyncOutput {
    public Failed {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(stats, "stats");
    }
  }

  /**
   * The session ended without error: closed by either side, or superseded by a concurrent session
   * with the same peer and topic (see {@link PeerLedger}).
   */
  record Closed(String reason, SyncStats stats) implements SyncOutput {
    public Closed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(stats, "stats");
    }
  }
}

package org.walkaway.sync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection;
import org.walkaway.core.store.AppendResult;

/** The outcome of {@link Bundle#read}. */
public sealed interface BundleImport {

  /**
   * The bundle was intact and every event in it verified; each was then appended on its own, with
   * this result (in bundle order). An event can still be refused by the store, for example when its
   * log's predecessor is missing there or it forks a log the store already holds.
   */
  record Imported(LogId topic, List<AppendResult> results) implements BundleImport {
    public Imported {
      Objects.requireNonNull(topic, "topic");
      results = List.copyOf(results);
    }

    public long appended() {
      return results.stream().filter(AppendResult::isAppended).count();
    }

    public long duplicates() {
      return results.stream().filter(r -> r instanceof AppendResult.Duplicate).count();
    }

    public long rejected() {
      return results.stream().filter(r -> r instanceof AppendResult.Rejected).count();
    }
  }

  /** The bundle is truncated, tampered with, malformed or holds an invalid event: nothing was imported. */
  record Refused(String reason, Optional<Rejection> rejection) implements BundleImport {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}

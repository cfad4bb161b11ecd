package org.walkaway.sync;

import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Rejection;

/**
 * Why a session cut its peer off: something the peer caused, so a value, not an exception.
 *
 * @param reason stable, machine-readable
 * @param message what exactly was wrong, for a human
 * @param rejection event-core's verdict when an event failed verification or its log's rules
 */
public record SyncError(Reason reason, String message, Optional<Rejection> rejection) {
  public SyncError {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(rejection, "rejection");
  }

  public static SyncError of(Reason reason, String message) {
    return new SyncError(reason, message, Optional.empty());
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }

  public enum Reason {
    /** A frame that is not one well-formed message. */
    MALFORMED_FRAME,
    /** A frame above {@link SyncConfig#maxFrameBytes}. */
    FRAME_TOO_LARGE,
    /** Another protocol version. */
    UNSUPPORTED_VERSION,
    /** The peer speaks of another topic, or is not the node the transport authenticated. */
    WRONG_PEER_OR_TOPIC,
    /** A well-formed message at the wrong moment, or one that contradicts what the peer said. */
    PROTOCOL_VIOLATION,
    /** The peer sent more or fewer events than it announced. */
    COUNT_MISMATCH,
    /** An event of a log, or at a position, that the peer did not announce. */
    UNANNOUNCED_EVENT,
    /** An event failed event-core's verification or its log's rules; see the rejection. */
    INVALID_EVENT,
    /** The peer sent nothing for {@link SyncConfig#stallTimeoutMillis} while it was expected to. */
    STALLED,
    /** The peer reported an error and gave up. */
    PEER_FAILED
  }
}

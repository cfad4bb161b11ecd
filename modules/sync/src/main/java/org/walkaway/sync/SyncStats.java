package org.walkaway.sync;

/**
 * What a session moved. Byte counts are frame bytes plus the varint length prefix {@link Framing}
 * puts before each frame, so they are what a byte channel carries.
 *
 * @param eventsSent events sent in the catch-up phase and live
 * @param eventsReceived events received, verified and appended
 * @param duplicatesReceived events received that the store already held (0 unless another session
 *     delivered them concurrently)
 * @param framesSent frames sent
 * @param framesReceived frames received
 * @param bytesSent bytes sent
 * @param bytesReceived bytes received
 * @param reconciliationMessages range-reconciliation messages received (0 when tips went inline)
 */
public record SyncStats(
    long eventsSent,
    long eventsReceived,
    long duplicatesReceived,
    long framesSent,
    long framesReceived,
    long bytesSent,
    long bytesReceived,
    long reconciliationMessages) {}

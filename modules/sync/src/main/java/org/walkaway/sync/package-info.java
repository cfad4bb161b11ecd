/**
 * Sync of a topic's logs between two peers: {@link org.walkaway.sync.SyncSession} (sans-IO),
 * {@link org.walkaway.sync.SyncConfig}, its {@link org.walkaway.sync.SyncOutput outputs},
 * {@link org.walkaway.sync.SyncError errors} and {@link org.walkaway.sync.SyncStats statistics};
 * {@link org.walkaway.sync.PeerLedger} for the sessions of one node; {@link org.walkaway.sync.Framing}
 * for byte channels; and the {@link org.walkaway.sync.Bundle} file for offline transport.
 */
package org.walkaway.sync;

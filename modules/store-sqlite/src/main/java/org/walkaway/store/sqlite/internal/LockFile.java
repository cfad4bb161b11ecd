package org.walkaway.store.sqlite.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.walkaway.store.sqlite.SqliteStoreException;

/**
 * An exclusive lock on a side file ({@code <database>.lock}), held while a store is open.
 *
 * <p>Why not rely on SQLite's own locks: they are per transaction, so a second process would open
 * the file happily and then meet {@code SQLITE_BUSY} at some later write, and two writers would
 * interleave their transactions. One owner per file, refused at open with a plain message, is what
 * "one writer" means here. The operating system releases the lock when the process dies, however it
 * dies, so a crash never leaves the store locked. The file itself is left in place on close:
 * deleting it would race with a process that is opening it.
 */
public final class LockFile implements AutoCloseable {
  /**
   * Lock files this process holds. Checked before the lock file is even opened: on POSIX systems
   * closing any descriptor of a file drops every lock the process holds on it, so a second open in
   * this process must not open and close the lock file, or it would release the first store's lock.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private final AtomicBoolean released = new AtomicBoolean();

  private LockFile(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  public static Path pathFor(Path database) {
    return database.resolveSibling(database.getFileName() + ".lock");
  }

  public static LockFile acquire(Path database) {
    Path path = pathFor(database).toAbsolutePath().normalize();
    if (!HELD.add(path)) {
      throw alreadyOpen(database, null);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      HELD.remove(path);
      throw new SqliteStoreException(
          SqliteStoreException.Kind.FAILED,
          "cannot create the lock file " + path + " next to the store: " + e,
          e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        HELD.remove(path);
        closeQuietly(channel);
        throw new SqliteStoreException(
            SqliteStoreException.Kind.IN_USE,
            "the store " + database + " is in use by another process (it holds " + path
                + "); close that process or open another file");
      }
      return new LockFile(path, channel, lock);
    } catch (OverlappingFileLockException e) {
      // Held under another name of the same file (a link): keep the channel open rather than drop
      // the other holder's lock by closing it; it is released when the process ends.
      HELD.remove(path);
      throw alreadyOpen(database, e);
    } catch (IOException e) {
      HELD.remove(path);
      closeQuietly(channel);
      throw new SqliteStoreException(
          SqliteStoreException.Kind.FAILED, "cannot lock " + path + ": " + e, e);
    }
  }

  private static SqliteStoreException alreadyOpen(Path database, Throwable cause) {
    return new SqliteStoreException(
        SqliteStoreException.Kind.IN_USE,
        "the store " + database + " is already open in this process; share that instance",
        cause);
  }

  @Override
  public void close() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    } finally {
      closeQuietly(channel);
      HELD.remove(path);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to do: the lock, if any, goes with the channel or the process.
    }
  }
}

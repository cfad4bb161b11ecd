package org.walkaway.store.sqlite.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static Path pathFor(Path database) {
    return database.resolveSibling(database.getFileName() + ".lock");
  }

  public static LockFile acquire(Path database) {
    Path path = pathFor(database);
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreFailure(
          StoreFailure.Kind.FAILED, "cannot create the lock file " + path + " next to the store: " + e, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        closeQuietly(channel);
        throw new StoreFailure(
            StoreFailure.Kind.IN_USE,
            "the store " + database + " is in use by another process (it holds " + path
                + "); close that process or open another file");
      }
      return new LockFile(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new StoreFailure(
          StoreFailure.Kind.IN_USE,
          "the store " + database + " is already open in this process; share that instance", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreFailure(StoreFailure.Kind.FAILED, "cannot lock " + path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    } finally {
      closeQuietly(channel);
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

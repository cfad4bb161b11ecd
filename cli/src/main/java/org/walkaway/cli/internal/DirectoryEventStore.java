package org.walkaway.cli.internal;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.EventStore;
import org.walkaway.core.store.ForkEvidence;
import org.walkaway.core.store.InMemoryEventStore;
import org.walkaway.core.store.StoreException;

/**
 * An {@link EventStore} in a directory, for the command-line tool: an {@link InMemoryEventStore}
 * plus an append-only journal file, {@code DIR/events.log}, that rebuilds it on open.
 *
 * <h2>Design</h2>
 *
 * The journal records <em>operations</em>, not state: every event the memory store accepted, every
 * fork it rejected (so that the fork evidence survives), every explicit prune and body removal. On
 * open, each record is decoded and verified again ({@link EventCodec#decode}: signature, encoding,
 * body) and replayed into a fresh memory store in file order. The memory store is deterministic,
 * so the same operations give the same logs, prune points and evidence.
 *
 * <pre>
 *   file    := magic record*                  magic = "walkaway event log v1\n"
 *   record  := length:u32 lengthCrc:u32 crc:u32 payload
 *              big-endian; lengthCrc = CRC-32C of the 4 length bytes, crc = CRC-32C of payload
 *   payload := 1 headerLength:u32 header hasBody:u8 body*    an event (body = the rest)
 *            | 2 author[32] logId[32] seq:u64                  prune the log below seq
 *            | 3 id[32]                                        remove a body
 * </pre>
 *
 * <h2>Durability and crashes</h2>
 *
 * An append changes memory and writes its record with one positional write, then {@code fsync}s
 * before returning, all under a write lock that readers share, so no reader sees an event that is
 * not on disk yet. A crash can only leave the <em>last</em> record incomplete; on open, a record
 * that runs past the end of the file, or ends the file with a bad checksum, or a tail of zeros, is
 * cut off with a warning (the event in it was never acknowledged). The length has its own checksum
 * so that a damaged length in the middle of the file cannot pass for a torn tail and cut off good
 * records after it. Damage anywhere else is corruption, and opening fails with the offset instead
 * of guessing. If a write fails, the store
 * refuses all further use: memory may then hold an event the file lacks.
 *
 * <h2>Limits</h2>
 *
 * One process at a time (an OS file lock says so clearly rather than letting two writers
 * interleave); everything is held in memory; the file only grows, so pruned events and removed
 * bodies stay on disk until the directory is deleted. This is the CLI's store, not the durable
 * production store (that is store-sqlite).
 */
public final class DirectoryEventStore implements EventStore {
  public static final String FILE_NAME = "events.log";

  static final byte[] MAGIC = "walkaway event log v1\n".getBytes(StandardCharsets.US_ASCII);
  /** The length, its checksum and the payload's checksum in front of every record. */
  static final int PREFIX = 12;
  /** The largest payload a valid record can have: kind, header and body at the decode limits. */
  static final long MAX_PAYLOAD =
      1 + 4 + DecodeLimits.DEFAULT.maxHeaderBytes() + 1 + DecodeLimits.DEFAULT.maxPayloadBytes();

  private static final byte EVENT = 1;
  private static final byte PRUNE = 2;
  private static final byte REMOVE_BODY = 3;

  private final Path file;
  private final FileChannel channel;
  private final FileLock fileLock;
  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final SortedSet<LogKey> logs = new TreeSet<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long end;
  private boolean closed;
  private String failure = "";

  private DirectoryEventStore(Path file, FileChannel channel, FileLock fileLock) {
    this.file = file;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /**
   * Opens the store in {@code directory}, creating the directory and an empty journal if needed.
   *
   * @param warnings told when a torn last record was cut off
   * @throws StoreException if the journal is damaged, not a journal, or open in another process
   */
  public static DirectoryEventStore openOrCreate(Path directory, Consumer<String> warnings) {
    return open(directory, true, warnings);
  }

  /**
   * Opens the store in {@code directory}, which must already hold a journal.
   *
   * @throws StoreException if there is no journal, or it is damaged or open in another process
   */
  public static DirectoryEventStore openExisting(Path directory, Consumer<String> warnings) {
    return open(directory, false, warnings);
  }

  private static DirectoryEventStore open(
      Path directory, boolean create, Consumer<String> warnings) {
    Objects.requireNonNull(warnings, "warnings");
    Path file = directory.resolve(FILE_NAME);
    boolean fresh = !Files.exists(file);
    if (fresh && !create) {
      throw new StoreException(
          "no event store in " + directory + " (" + file + " does not exist); 'walkaway append'"
              + " creates one");
    }
    FileChannel channel;
    try {
      if (create) {
        Files.createDirectories(directory);
      }
      Set<StandardOpenOption> options =
          create
              ? EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
              : EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel = FileChannel.open(file, options);
    } catch (FileAlreadyExistsException e) {
      throw new StoreException(
          "cannot use " + directory + " as a store: " + e.getFile() + " exists and is not a directory");
    } catch (IOException e) {
      throw new StoreException("cannot open the store " + file + ": " + describe(e), e);
    }
    DirectoryEventStore store;
    try {
      store = new DirectoryEventStore(file, channel, lock(channel, directory));
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    try {
      store.load(warnings);
      if (fresh) {
        syncDirectory(directory);
      }
      return store;
    } catch (IOException e) {
      store.close();
      throw new StoreException("cannot read the store " + file + ": " + describe(e), e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static FileLock lock(FileChannel channel, Path directory) {
    try {
      FileLock fileLock = channel.tryLock();
      if (fileLock == null) {
        throw new StoreException(
            "another process is using the store " + directory + "; wait for it to finish (this"
                + " file store serves one process at a time)");
      }
      return fileLock;
    } catch (OverlappingFileLockException e) {
      throw new StoreException(
          "the store " + directory + " is already open in this process; close it before opening"
              + " it again");
    } catch (IOException e) {
      throw new StoreException("cannot lock the store " + directory + ": " + describe(e), e);
    }
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /** Every log that holds at least one event, in order of author then log id. */
  public List<LogKey> logs() {
    return read(() -> List.copyOf(logs));
  }

  // ---------------------------------------------------------------- loading

  private void load(Consumer<String> warnings) throws IOException {
    long size = channel.size();
    if (size < MAGIC.length) {
      byte[] head = readFully(0, (int) size);
      if (!Arrays.equals(head, 0, head.length, MAGIC, 0, head.length)) {
        throw notAJournal();
      }
      if (size > 0) {
        warnings.accept(file + " was cut short while it was being created; started it afresh");
      }
      channel.truncate(0);
      writeFully(ByteBuffer.wrap(MAGIC), 0);
      channel.force(true);
      end = MAGIC.length;
      return;
    }
    if (!Arrays.equals(readFully(0, MAGIC.length), MAGIC)) {
      throw notAJournal();
    }
    long position = MAGIC.length;
    while (position < size) {
      long remaining = size - position;
      if (remaining < PREFIX) {
        cutTornTail(position, size, warnings);
        break;
      }
      ByteBuffer prefix = ByteBuffer.wrap(readFully(position, PREFIX));
      int lengthField = prefix.getInt();
      boolean lengthIntact = prefix.getInt() == crc32c(lengthBytes(lengthField));
      int checksum = prefix.getInt();
      long length = Integer.toUnsignedLong(lengthField);
      if (!lengthIntact || length == 0 || length > MAX_PAYLOAD) {
        if (onlyZerosFrom(position, size)) {
          cutTornTail(position, size, warnings);
          break;
        }
        throw corrupt(
            position,
            lengthIntact
                ? "its length field says " + length + " bytes, which no record has"
                : "its length field is damaged (checksum mismatch)");
      }
      if (PREFIX + length > remaining) {
        cutTornTail(position, size, warnings);
        break;
      }
      byte[] payload = readFully(position + PREFIX, (int) length);
      if (crc32c(payload) != checksum) {
        if (position + PREFIX + length == size) {
          cutTornTail(position, size, warnings);
          break;
        }
        throw corrupt(position, "its checksum does not match its content");
      }
      replay(payload, position);
      position += PREFIX + length;
    }
    end = position;
  }

  private void replay(byte[] payload, long offset) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      byte kind = in.get();
      switch (kind) {
        case EVENT -> replayEvent(in, offset);
        case PRUNE -> {
          PublicKey author = new PublicKey(take(in, PublicKey.LENGTH));
          LogKey log = new LogKey(author, new LogId(take(in, LogId.LENGTH)));
          long seqNum = in.getLong();
          requireEnd(in, offset);
          try {
            memory.prune(log, seqNum);
          } catch (IllegalArgumentException e) {
            throw corrupt(offset, "it prunes a log at a position that does not exist");
          }
        }
        case REMOVE_BODY -> {
          Hash id = new Hash(take(in, Hash.LENGTH));
          requireEnd(in, offset);
          memory.removeBody(id);
        }
        default ->
            throw corrupt(
                offset, "its kind " + kind + " is unknown (was the file written by a newer walkaway?)");
      }
    } catch (BufferUnderflowException e) {
      throw corrupt(offset, "it is shorter than its content says");
    }
  }

  private void replayEvent(ByteBuffer in, long offset) {
    int headerLength = in.getInt();
    if (headerLength < 0 || headerLength > in.remaining() - 1) {
      throw corrupt(offset, "its header length " + headerLength + " runs past the record");
    }
    byte[] header = new byte[headerLength];
    in.get(header);
    byte hasBody = in.get();
    if (hasBody != 0 && hasBody != 1) {
      throw corrupt(offset, "its body marker is " + hasBody + ", neither 0 nor 1");
    }
    Optional<byte[]> body = Optional.empty();
    if (hasBody == 1) {
      byte[] bytes = new byte[in.remaining()];
      in.get(bytes);
      body = Optional.of(bytes);
    }
    requireEnd(in, offset);
    Event event =
        switch (EventCodec.decode(header, body, DecodeLimits.DEFAULT)) {
          case Verdict.Accepted<Event>(Event decoded) -> decoded;
          case Verdict.Rejected<Event>(Rejection rejection) ->
              throw corrupt(offset, "its event does not verify any more: " + rejection);
        };
    AppendResult result = memory.append(event);
    switch (result) {
      case AppendResult.Appended appended -> logs.add(event.logKey());
      case AppendResult.Duplicate duplicate -> {}
      case AppendResult.Rejected(Event rejected, Rejection rejection) -> {
        if (rejection.reason() != Rejection.Reason.FORK) {
          throw corrupt(offset, "replaying its event gives " + rejection);
        }
      }
    }
  }

  private static Bytes take(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return Bytes.of(bytes);
  }

  private void requireEnd(ByteBuffer in, long offset) {
    if (in.hasRemaining()) {
      throw corrupt(offset, "it has " + in.remaining() + " bytes more than its content");
    }
  }

  private void cutTornTail(long position, long size, Consumer<String> warnings) throws IOException {
    channel.truncate(position);
    channel.force(true);
    warnings.accept(
        file + " ended with an incomplete record (a write was interrupted, for example by a"
            + " crash); cut off its last " + (size - position) + " bytes at offset " + position
            + ". The event in it, if any, had not been confirmed, so nothing confirmed was lost");
  }

  private boolean onlyZerosFrom(long position, long size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    long at = position;
    while (at < size) {
      buffer.clear();
      int n = channel.read(buffer, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) != 0) {
          return false;
        }
      }
      at += n;
    }
    return true;
  }

  private StoreException notAJournal() {
    return new StoreException(
        file + " is not a walkaway event log (it does not start with \"walkaway event log v1\");"
            + " refusing to touch it. Use another --store directory");
  }

  private StoreException corrupt(long offset, String what) {
    return new StoreException(
        file + " is damaged: the record at byte " + offset + " cannot be read, because " + what
            + ". Records before it are intact; to keep them, copy the first " + offset
            + " bytes of the file into a new store directory");
  }

  // ---------------------------------------------------------------- writing

  @Override
  public AppendResult append(Event event) {
    return appendAll(List.of(event)).getFirst();
  }

  /** Appends in order and writes all the records with one {@code fsync}. */
  @Override
  public List<AppendResult> appendAll(List<Event> events) {
    return write(
        () -> {
          List<AppendResult> results = new ArrayList<>(events.size());
          List<byte[]> records = new ArrayList<>();
          for (Event event : events) {
            boolean hadBody = memory.get(event.id()).flatMap(Event::body).isPresent();
            AppendResult result = memory.append(event);
            boolean record =
                switch (result) {
                  case AppendResult.Appended appended -> {
                    logs.add(event.logKey());
                    yield true;
                  }
                  // A body the store lacked was attached: keep it.
                  case AppendResult.Duplicate duplicate -> event.body().isPresent() && !hadBody;
                  // Keep the forking event so that replay records the same evidence.
                  case AppendResult.Rejected rejected ->
                      rejected.rejection().reason() == Rejection.Reason.FORK;
                };
            if (record) {
              records.add(eventRecord(event));
            }
            results.add(result);
          }
          persist(records);
          return List.copyOf(results);
        });
  }

  @Override
  public int prune(LogKey log, long seqNum) {
    return write(
        () -> {
          int deleted = memory.prune(log, seqNum);
          ByteBuffer record = ByteBuffer.allocate(1 + PublicKey.LENGTH + LogId.LENGTH + 8);
          record.put(PRUNE).put(log.author().bytes().toArray()).put(log.logId().bytes().toArray());
          record.putLong(seqNum);
          persist(List.of(record.array()));
          return deleted;
        });
  }

  @Override
  public boolean removeBody(Hash id) {
    return write(
        () -> {
          boolean removed = memory.removeBody(id);
          if (removed) {
            ByteBuffer record = ByteBuffer.allocate(1 + Hash.LENGTH);
            record.put(REMOVE_BODY).put(id.bytes().toArray());
            persist(List.of(record.array()));
          }
          return removed;
        });
  }

  static byte[] eventRecord(Event event) {
    byte[] header = event.headerBytes().toArray();
    byte[] body = event.body().map(Body::bytes).map(Bytes::toArray).orElse(new byte[0]);
    ByteBuffer record = ByteBuffer.allocate(1 + 4 + header.length + 1 + body.length);
    record.put(EVENT).putInt(header.length).put(header);
    record.put((byte) (event.body().isPresent() ? 1 : 0)).put(body);
    return record.array();
  }

  /** Frames {@code payloads}, writes them at the end in one go and forces them to disk. */
  private void persist(List<byte[]> payloads) {
    if (payloads.isEmpty()) {
      return;
    }
    int total = payloads.stream().mapToInt(payload -> PREFIX + payload.length).sum();
    ByteBuffer buffer = ByteBuffer.allocate(total);
    for (byte[] payload : payloads) {
      buffer.put(framed(payload));
    }
    buffer.flip();
    try {
      writeFully(buffer, end);
      channel.force(false);
      end += total;
    } catch (IOException e) {
      failure = "writing to " + file + " failed (" + describe(e) + ")";
      throw new StoreException(
          failure + "; the last change may be lost, and this store refuses further use. Open it"
              + " again: an incomplete record is cut off on open",
          e);
    }
  }

  /** A payload with its prefix: a whole record as it lies in the file. */
  static byte[] framed(byte[] payload) {
    ByteBuffer record = ByteBuffer.allocate(PREFIX + payload.length);
    record.putInt(payload.length).putInt(crc32c(lengthBytes(payload.length)));
    record.putInt(crc32c(payload)).put(payload);
    return record.array();
  }

  private void writeFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  private byte[] readFully(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + at);
      }
      at += n;
    }
    return buffer.array();
  }

  private static byte[] lengthBytes(int length) {
    return ByteBuffer.allocate(4).putInt(length).array();
  }

  static int crc32c(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Optional<Event> get(Hash id) {
    return read(() -> memory.get(id));
  }

  @Override
  public Optional<Event> get(LogKey log, long seqNum) {
    return read(() -> memory.get(log, seqNum));
  }

  @Override
  public List<Event> range(LogKey log, long fromSeq, long toSeq) {
    return read(() -> memory.range(log, fromSeq, toSeq));
  }

  @Override
  public Optional<Event> latest(LogKey log) {
    return read(() -> memory.latest(log));
  }

  @Override
  public Map<LogKey, Long> heights(Collection<LogId> logIds) {
    return read(() -> memory.heights(logIds));
  }

  @Override
  public Map<LogKey, Long> heights(PublicKey author) {
    return read(() -> memory.heights(author));
  }

  @Override
  public long prunePoint(LogKey log) {
    return read(() -> memory.prunePoint(log));
  }

  @Override
  public List<ForkEvidence> forks(PublicKey author) {
    return read(() -> memory.forks(author));
  }

  /** Releases the file and its lock. Closing twice is harmless. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      memory.close();
      try {
        fileLock.release();
      } catch (IOException e) {
        // Closing the channel below releases the lock too.
      }
      channel.close();
    } catch (IOException e) {
      throw new StoreException("cannot close " + file + ": " + describe(e), e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      checkUsable();
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      checkUsable();
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkUsable() {
    if (closed) {
      throw new StoreException("the store " + file + " is closed; open it again");
    }
    if (!failure.isEmpty()) {
      throw new StoreException(failure + "; this store refuses further use, open it again");
    }
  }

  private static void syncDirectory(Path directory) {
    // Makes the new file's directory entry durable. Not every platform can open a directory.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the journal itself is forced; only a crash right now could lose the empty file.
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Already failing; the first error is the one reported.
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

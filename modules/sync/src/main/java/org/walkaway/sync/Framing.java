package org.walkaway.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.walkaway.sync.internal.ByteWriter;

/**
 * Frames over a byte channel (a QUIC or TCP stream, a pipe): each frame is preceded by its length as
 * an unsigned LEB128 varint. Channels that keep message boundaries themselves do not need this.
 */
public final class Framing {
  private Framing() {}

  /** The frame with its length prefix, ready for a byte channel. */
  public static byte[] prefix(byte[] frame) {
    return new ByteWriter(frame.length + 5).writeVarint(frame.length).writeBytes(frame).toArray();
  }

  /**
   * Cuts a byte stream into frames. A length prefix above the limit (or malformed) stops the splitter
   * before it buffers anything that large; {@link #error()} then says why, and the channel should be
   * closed.
   */
  public static final class Splitter {
    private final int maxFrameBytes;
    private byte[] buffer = new byte[8192];
    private int size;
    private Optional<SyncError> error = Optional.empty();

    public Splitter(int maxFrameBytes) {
      if (maxFrameBytes < 1) {
        throw new IllegalArgumentException("maxFrameBytes must be positive, got " + maxFrameBytes);
      }
      this.maxFrameBytes = maxFrameBytes;
    }

    /** Adds bytes from the channel and returns every frame now complete, in order. */
    public List<byte[]> feed(byte[] bytes, int offset, int length) {
      List<byte[]> frames = new ArrayList<>();
      if (error.isPresent()) {
        return frames;
      }
      if (size + length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
      }
      System.arraycopy(bytes, offset, buffer, size, length);
      size += length;
      int position = 0;
      while (true) {
        long frameLength = 0;
        int cursor = position;
        boolean complete = false;
        for (int shift = 0; cursor < size && shift < 35; shift += 7) {
          int b = buffer[cursor++] & 0xFF;
          frameLength |= (long) (b & 0x7F) << shift;
          if ((b & 0x80) == 0) {
            complete = true;
            break;
          }
        }
        if (!complete) {
          if (cursor - position >= 5) {
            error = Optional.of(SyncError.of(SyncError.Reason.MALFORMED_FRAME, "frame length prefix too long"));
            return frames;
          }
          break;
        }
        if (frameLength > maxFrameBytes) {
          error = Optional.of(SyncError.of(SyncError.Reason.FRAME_TOO_LARGE,
              "frame of " + frameLength + " bytes announced, the limit is " + maxFrameBytes));
          return frames;
        }
        if (size - cursor < frameLength) {
          break;
        }
        frames.add(Arrays.copyOfRange(buffer, cursor, cursor + (int) frameLength));
        position = cursor + (int) frameLength;
      }
      System.arraycopy(buffer, position, buffer, 0, size - position);
      size -= position;
      return frames;
    }

    public Optional<SyncError> error() {
      return error;
    }
  }
}

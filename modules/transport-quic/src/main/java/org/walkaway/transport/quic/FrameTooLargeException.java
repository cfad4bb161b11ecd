package org.walkaway.transport.quic;

/** A frame is larger than the maximum frame size. */
public class FrameTooLargeException extends TransportException {
  private final int size;
  private final int max;

  public FrameTooLargeException(int size, int max) {
    super("a frame of " + size + " bytes exceeds the maximum of " + max + " bytes");
    this.size = size;
    this.max = max;
  }

  public int size() {
    return size;
  }

  public int max() {
    return max;
  }
}

package org.walkaway.transport.quic;

/**
 * Serves the streams a peer opens for one protocol. Each call runs on its own virtual thread; when
 * it returns, the stream is closed. An exception resets the stream with {@link
 * StreamErrorCode#HANDLER_FAILED} and is otherwise contained.
 */
@FunctionalInterface
public interface StreamHandler {
  void handle(FrameStream stream) throws Exception;
}

package org.walkaway.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** An event's payload. It is bound to its header only through the header's payload size and hash. */
public record Body(Bytes bytes) {
  public Body {
    Objects.requireNonNull(bytes, "bytes");
  }

  public static Body of(byte[] bytes) {
    return new Body(Bytes.of(bytes));
  }

  public static Body ofText(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  public long size() {
    return bytes.length();
  }

  public Hash hash() {
    return Hash.of(bytes);
  }
}

package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;

/**
 * What {@link GroupDecryptor} emits: the event as it was received (its body still the sealed
 * envelope, so that its hash still matches the header) and the plaintext the envelope opened to.
 */
public record DecryptedEvent(Event event, Bytes plaintext) {
  public DecryptedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(plaintext, "plaintext");
  }

  @Override
  public String toString() {
    return "DecryptedEvent[" + event + ", plaintext=" + plaintext.length() + " bytes]";
  }
}

package org.walkaway.encryption.dcgka;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.walkaway.core.PublicKey;
import org.walkaway.encryption.SymmetricKey;

/**
 * DCGKA's output: the {@code generation}-th update secret of {@code sender}'s outer ratchet. Every
 * member that derives it derives the same bytes under the same (sender, generation), whatever the
 * order in which concurrent control messages reached it; a member that joined later simply starts at
 * a higher generation. Seed the sender's message ratchet with it (the message scheme), or use it
 * where a fresh shared secret per membership change is wanted.
 *
 * <p>Generations count the steps of the sender's outer ratchet: 0 is the step that initialised it
 * (its first ack, or the creation), and each later update, ack, add or add-ack by the sender is one
 * step. Not a record: it holds a secret (redacted {@code toString}, constant-time {@code equals}).
 */
public final class UpdateSecret implements Destroyable {
  private final PublicKey sender;
  private final long generation;
  private final SymmetricKey secret;

  public UpdateSecret(PublicKey sender, long generation, SymmetricKey secret) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.secret = Objects.requireNonNull(secret, "secret");
    if (generation < 0) {
      throw new IllegalArgumentException("generation must not be negative: " + generation);
    }
    this.generation = generation;
  }

  /** Whose ratchet this secret belongs to: the member who will send under it. */
  public PublicKey sender() {
    return sender;
  }

  public long generation() {
    return generation;
  }

  public SymmetricKey secret() {
    return secret;
  }

  @Override
  public void destroy() {
    secret.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return secret.isDestroyed();
  }

  /** Equal when sender, generation and secret (constant time) are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateSecret other && sender.equals(other.sender) && generation == other.generation
        && secret.equals(other.secret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sender, generation);
  }

  @Override
  public String toString() {
    return "UpdateSecret[sender=" + sender + ", generation=" + generation + ", secret=<redacted>]";
  }
}

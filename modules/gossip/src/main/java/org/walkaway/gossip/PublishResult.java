package org.walkaway.gossip;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.Hash;

/**
 * The outcome of {@link GossipNode#publish}: {@link Published} with the message id and the outputs to
 * carry out, or {@link Refused} with the reason. Nothing is sent when it is refused.
 */
public sealed interface PublishResult permits PublishResult.Published, PublishResult.Refused {

  /** The outputs if published; otherwise throws {@link PublishRefusedException}. */
  default List<Output> orElseThrow() {
    return switch (this) {
      case Published published -> published.outputs();
      case Refused refused -> throw new PublishRefusedException(refused.error());
    };
  }

  record Published(Hash id, List<Output> outputs) implements PublishResult {
    public Published {
      Objects.requireNonNull(id, "id");
      outputs = List.copyOf(outputs);
    }
  }

  record Refused(PublishError error) implements PublishResult {
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }
}

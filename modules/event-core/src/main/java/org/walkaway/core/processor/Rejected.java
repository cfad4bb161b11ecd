package org.walkaway.core.processor;

import java.util.Objects;
import org.walkaway.core.Rejection;

/** An input a stage refused, with the stage's reason. */
public record Rejected(Object input, Rejection rejection) {
  public Rejected {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(rejection, "rejection");
  }
}

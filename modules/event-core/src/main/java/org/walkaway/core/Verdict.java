package org.walkaway.core;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of checking something a peer sent: {@link Accepted} with the value, or {@link Rejected}
 * with a {@link Rejection}. Switch over it exhaustively, or use {@link #orElseThrow()}.
 */
public sealed interface Verdict<T> permits Verdict.Accepted, Verdict.Rejected {

  static <T> Verdict<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> Verdict<T> rejected(Rejection rejection) {
    return new Rejected<>(rejection);
  }

  static <T> Verdict<T> rejected(Rejection.Reason reason, String message) {
    return new Rejected<>(Rejection.of(reason, message));
  }

  default boolean isAccepted() {
    return this instanceof Accepted<T>;
  }

  /** The value if accepted; otherwise throws {@link RejectedException} carrying the rejection. */
  default T orElseThrow() {
    return switch (this) {
      case Accepted<T> accepted -> accepted.value();
      case Rejected<T> rejected -> throw new RejectedException(rejected.rejection());
    };
  }

  default <U> Verdict<U> map(Function<? super T, ? extends U> mapper) {
    return switch (this) {
      case Accepted<T> accepted -> new Accepted<>(mapper.apply(accepted.value()));
      case Rejected<T> rejected -> new Rejected<>(rejected.rejection());
    };
  }

  record Accepted<T>(T value) implements Verdict<T> {
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  record Rejected<T>(Rejection rejection) implements Verdict<T> {
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}

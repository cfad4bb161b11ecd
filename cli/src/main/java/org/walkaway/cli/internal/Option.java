package org.walkaway.cli.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * One option a command accepts: a flag ({@code --keep}) or an option with a value
 * ({@code --out FILE}, also written {@code --out=FILE}).
 *
 * @param name the option with its dashes, e.g. {@code --out}
 * @param valueName how help shows its value, e.g. {@code FILE}; empty for a flag
 * @param help one line for {@code walkaway help COMMAND}
 */
public record Option(String name, Optional<String> valueName, String help) {
  public Option {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueName, "valueName");
    Objects.requireNonNull(help, "help");
    if (!name.startsWith("--") || name.length() < 3 || name.contains("=")) {
      throw new IllegalArgumentException("an option is named --something, got " + name);
    }
  }

  public static Option withValue(String name, String valueName, String help) {
    return new Option(name, Optional.of(valueName), help);
  }

  public static Option flag(String name, String help) {
    return new Option(name, Optional.empty(), help);
  }

  public boolean takesValue() {
    return valueName.isPresent();
  }

  /** {@code --out FILE}, or {@code --keep} for a flag. */
  public String usage() {
    return valueName.map(value -> name + " " + value).orElse(name);
  }
}

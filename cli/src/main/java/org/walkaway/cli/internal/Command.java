package org.walkaway.cli.internal;

import java.util.List;

/** One {@code walkaway} subcommand: its help texts, the options it accepts, and what it does. */
interface Command {
  /** The word after {@code walkaway}. */
  String name();

  /** The arguments after the name, e.g. {@code "[--out FILE]"}. */
  String synopsis();

  /** One line for the overview. */
  String summary();

  /** What {@code walkaway help NAME} says after the usage line: what it does, an example. */
  String description();

  List<Option> options();

  default int maxPositionals() {
    return 0;
  }

  /**
   * Does the work and returns the exit code.
   *
   * @throws UsageException if the arguments make no sense together (exit code 2)
   * @throws CommandException if the work failed for a reason the user can fix (exit code 1)
   */
  int run(Arguments arguments, Context context);
}

package org.walkaway.cli.internal;

/**
 * A command could not do its work for a reason the user can fix (a missing file, a key file that is
 * not a key, an existing file it must not overwrite): exit code 1. The message says what was wrong
 * and what to do.
 */
public final class CommandException extends RuntimeException {
  public CommandException(String message) {
    super(message);
  }

  public CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}

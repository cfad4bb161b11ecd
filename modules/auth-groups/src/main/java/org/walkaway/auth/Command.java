package org.walkaway.auth;

import java.util.Objects;

/**
 * A UCAN command: a slash-separated path such as {@code /topic/write}; {@code /} is the top command
 * and proves every other. A command proves itself and the commands below it, segment by segment:
 * {@code /crypto} proves {@code /crypto/sign} but not {@code /cryptocurrency}, and
 * {@code /topic/write} proves nothing about {@code /topic/writer}.
 *
 * <p>Well-formed: starts with {@code /}, no trailing {@code /} (except {@code /} itself), no empty
 * segment, and lowercase, as the UCAN specification requires.
 */
public record Command(String path) {
  public static final Command TOP = new Command("/");

  public Command {
    Objects.requireNonNull(path, "path");
    if (!isWellFormed(path)) {
      throw new IllegalArgumentException("not a UCAN command: " + path);
    }
  }

  public static Command of(String path) {
    return new Command(path);
  }

  public static boolean isWellFormed(String path) {
    if (path.equals("/")) {
      return true;
    }
    if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
      return false;
    }
    return path.equals(path.toLowerCase(java.util.Locale.ROOT));
  }

  /** Whether a capability for this command covers {@code other}. */
  public boolean proves(Command other) {
    return path.equals("/") || other.path.equals(path) || other.path.startsWith(path + "/");
  }

  @Override
  public String toString() {
    return path;
  }
}

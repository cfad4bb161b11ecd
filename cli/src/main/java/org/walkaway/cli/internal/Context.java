package org.walkaway.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What a command may touch besides its arguments: where to print, the clock for timestamps, and the
 * directory that relative paths are resolved against.
 *
 * @param out results (what scripts read)
 * @param err warnings, progress and errors (what people read)
 */
public record Context(PrintStream out, PrintStream err, InstantSource clock, Path workingDirectory) {
  public Context {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** {@code path} as given on the command line, resolved against the working directory. */
  public Path resolve(String path) {
    return workingDirectory.resolve(path);
  }

  /** Prints {@code "warning: " + message} on {@link #err}. */
  public void warn(String message) {
    err.println("warning: " + message);
  }
}

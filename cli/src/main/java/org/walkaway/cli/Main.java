package org.walkaway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import org.walkaway.cli.internal.Cli;
import org.walkaway.cli.internal.Context;

/**
 * The {@code walkaway} command. {@link #run} does the work and returns the exit code instead of
 * exiting, so that tests (and the demo) can run command lines in-process with captured output.
 *
 * <p>Exit codes: 0 success (for {@code inspect} and {@code verify}: the event is valid); 1 the input
 * is invalid or the command failed; 2 the command line itself is wrong.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exitCode = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(exitCode);
  }

  /** Runs one command line against the system clock and the current directory. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, InstantSource.system(), Path.of(""));
  }

  /**
   * Runs one command line.
   *
   * @param clock the source of event timestamps
   * @param workingDirectory what relative paths in {@code args} are resolved against
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, InstantSource clock, Path workingDirectory) {
    return new Cli(new Context(out, err, clock, workingDirectory)).run(args);
  }
}

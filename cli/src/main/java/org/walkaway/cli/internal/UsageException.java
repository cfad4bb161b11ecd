package org.walkaway.cli.internal;

/** The command line is wrong (a missing or unknown option, a malformed value): exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}

/**
 * The entry point of the {@code walkaway} command, {@link org.walkaway.cli.Main}: it runs one
 * command line and returns its exit code (0 success, 1 invalid input or failure, 2 usage error).
 */
package org.walkaway.cli;

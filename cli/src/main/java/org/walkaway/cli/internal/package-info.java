/**
 * The commands of the {@code walkaway} tool, the small argument parser they share
 * ({@link org.walkaway.cli.internal.Arguments}), the JSON rendering of headers, key files, and
 * {@link org.walkaway.cli.internal.DirectoryEventStore}, the single-process file store behind
 * {@code --store DIR}. Not exported.
 */
package org.walkaway.cli.internal;

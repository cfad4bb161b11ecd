package org.walkaway.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
  private static final Option OUT = Option.withValue("--out", "FILE", "where");
  private static final Option STORE = Option.withValue("--store", "DIR", "store");
  private static final Option KEEP = Option.flag("--keep", "keep");
  private static final List<Option> OPTIONS = List.of(OUT, STORE, KEEP);

  private static Arguments parse(int maxPositionals, String... words) {
    return Arguments.parse(List.of(words), OPTIONS, maxPositionals);
  }

  private static String usageError(int maxPositionals, String... words) {
    return assertThrows(UsageException.class, () -> parse(maxPositionals, words)).getMessage();
  }

  @Test
  void valuesFlagsAndPositionals() {
    Arguments arguments = parse(2, "a", "--out", "x", "--keep", "--store=s=t", "b");
    assertEquals(Optional.of("x"), arguments.value("--out"));
    assertEquals(Optional.of("s=t"), arguments.value("--store"));
    assertTrue(arguments.flag("--keep"));
    assertEquals(List.of("a", "b"), arguments.positionals());
    assertEquals("x", arguments.required(OUT));
  }

  @Test
  void absentOptions() {
    Arguments arguments = parse(0);
    assertEquals(Optional.empty(), arguments.value("--out"));
    assertFalse(arguments.flag("--keep"));
    assertEquals("missing --out FILE", assertThrows(UsageException.class, () -> arguments.required(OUT)).getMessage());
  }

  @Test
  void doubleDashEndsTheOptions() {
    Arguments arguments = parse(2, "--", "--out", "-x");
    assertEquals(List.of("--out", "-x"), arguments.positionals());
    assertEquals(Optional.empty(), arguments.value("--out"));
  }

  @Test
  void aLoneDashAndEmptyValuesAreWords() {
    assertEquals(List.of("-"), parse(1, "-").positionals());
    assertEquals(Optional.of(""), parse(0, "--out", "").value("--out"));
    assertEquals(Optional.of(""), parse(0, "--out=").value("--out"));
  }

  @Test
  void aValueMayStartWithADashWhenItIsNoOption() {
    assertEquals(Optional.of("-5"), parse(0, "--out", "-5").value("--out"));
    assertEquals(Optional.of("--other"), parse(0, "--out", "--other").value("--out"));
    assertEquals(Optional.of("--store"), parse(0, "--out=--store").value("--out"));
  }

  @Test
  void mistakesAreNamed() {
    assertEquals("--out needs a value: --out FILE", usageError(0, "--out"));
    assertEquals("--out needs a value: --out FILE", usageError(0, "--out", "--store", "s"));
    assertEquals("--out is given twice; give it once", usageError(0, "--out", "a", "--out=b"));
    assertEquals("--keep is a flag and takes no value: write just --keep", usageError(0, "--keep=yes"));
    assertEquals("unknown option --otu; did you mean --out?", usageError(0, "--otu", "x"));
    assertEquals("unknown option --verbose", usageError(0, "--verbose"));
    assertEquals("unknown option -x", usageError(0, "-x"));
    assertEquals("unexpected argument 'b'", usageError(1, "a", "b"));
    assertEquals("unexpected argument 'a' (this command takes only options)", usageError(0, "a"));
  }

  @Test
  void editDistance() {
    assertEquals(0, Arguments.editDistance("store", "store"));
    assertEquals(1, Arguments.editDistance("stor", "store"));
    assertEquals(1, Arguments.editDistance("otu", "out"));
    assertEquals(2, Arguments.editDistance("verfy", "veriyf"));
    assertEquals(5, Arguments.editDistance("", "store"));
  }
}

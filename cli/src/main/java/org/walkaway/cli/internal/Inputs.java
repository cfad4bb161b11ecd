package org.walkaway.cli.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.walkaway.core.DecodeLimits;

/** Reading what users type or point at: hex arguments, files, text. */
final class Inputs {
  private Inputs() {}

  /**
   * Parses hex given on the command line. Whitespace anywhere (a pasted, wrapped line) and a
   * leading {@code 0x} are ignored.
   *
   * @param what names the argument in the error, e.g. {@code "--header"}
   * @throws UsageException if the rest is not hex
   */
  static byte[] hex(String what, String text) {
    String compact = text.replaceAll("\\s+", "");
    if (compact.startsWith("0x") || compact.startsWith("0X")) {
      compact = compact.substring(2);
    }
    if (compact.length() % 2 != 0) {
      throw new UsageException(
          what + " must be hex (two digits per byte), but it has an odd number of digits ("
              + compact.length() + ")");
    }
    for (int i = 0; i < compact.length(); i++) {
      if (!isHexDigit(compact.charAt(i))) {
        throw new UsageException(
            what + " must be hex, but character " + (i + 1) + " is '" + compact.charAt(i) + "'");
      }
    }
    return HexFormat.of().parseHex(compact);
  }

  /**
   * Reads a file of bytes, at most {@code limit} long.
   *
   * @throws CommandException if it is missing, unreadable or too large
   */
  static byte[] file(Path file, long limit, String what) {
    try {
      long size = Files.size(file);
      if (size > limit) {
        throw new CommandException(
            what + " " + file + " is " + size + " bytes; the limit is " + limit + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandException("no such file: " + file);
    } catch (IOException e) {
      throw new CommandException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A header from a file: hex text (as printed by {@code append}) or the raw bytes. An encoded
   * header starts with a CBOR array byte (0x80 and up), never with a hex digit, so the two cannot
   * be confused.
   */
  static byte[] headerFile(Path file) {
    byte[] content = file(file, 2L * DecodeLimits.DEFAULT.maxHeaderBytes() + 16, "the header file");
    int first = 0;
    while (first < content.length && Character.isWhitespace((char) (content[first] & 0xff))) {
      first++;
    }
    if (first < content.length && isHexDigit((char) (content[first] & 0xff))) {
      return hex("the header file " + file, new String(content, StandardCharsets.US_ASCII));
    }
    return content;
  }

  static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code bytes} as text if they are valid UTF-8. */
  static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Microseconds since the Unix epoch, the unit of the timestamp extension. */
  static long micros(Instant instant) {
    long wholeSeconds = Math.multiplyExact(instant.getEpochSecond(), 1_000_000L);
    return Math.addExact(wholeSeconds, instant.getNano() / 1_000);
  }

  static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}

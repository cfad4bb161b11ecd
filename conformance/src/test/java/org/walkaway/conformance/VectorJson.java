package org.walkaway.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Writes the generated vector files the same way on every machine: two-space indent, "\n". */
final class VectorJson {
  private VectorJson() {}

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** Where the generated files live, relative to the module directory (surefire's working directory). */
  static final Path VECTORS = Path.of("vectors");

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static String write(JsonNode root) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    try {
      return MAPPER.writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  static String readCommitted(String file) {
    try {
      return Files.readString(VECTORS.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + VECTORS.resolve(file).toAbsolutePath(), e);
    }
  }

  static void writeCommitted(String file, String json) {
    try {
      Files.writeString(VECTORS.resolve(file), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + VECTORS.resolve(file).toAbsolutePath(), e);
    }
  }
}

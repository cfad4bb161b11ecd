package org.walkaway.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads the shared test vectors from the conformance module (surefire runs in this module's folder). */
final class Vectors {
  static final Path ROOT = Path.of("..", "..", "conformance", "vectors");

  private Vectors() {}

  static JsonNode read(String relative) {
    try {
      return new ObjectMapper().readTree(Files.readString(ROOT.resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vector file " + ROOT.resolve(relative).toAbsolutePath(), e);
    }
  }

  /** A Wycheproof test with the group it belongs to. */
  record WycheproofCase(JsonNode group, JsonNode test) {
    public int tcId() {
      return test.get("tcId").asInt();
    }

    public String result() {
      return test.get("result").asText();
    }

    public byte[] hex(String field) {
      return HexFormat.of().parseHex(test.get(field).asText());
    }

    public String name() {
      return "tcId " + tcId() + " [" + result() + "] " + test.get("comment").asText() + " " + test.get("flags");
    }
  }

  static List<WycheproofCase> wycheproof(String file) {
    JsonNode root = read("wycheproof/" + file);
    List<WycheproofCase> cases = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        cases.add(new WycheproofCase(group, test));
      }
    }
    if (cases.size() != root.get("numberOfTests").asInt()) {
      throw new IllegalStateException(file + ": read " + cases.size() + " tests, header says " + root.get("numberOfTests"));
    }
    return cases;
  }

  static byte[] hex(JsonNode node) {
    return HexFormat.of().parseHex(node.asText());
  }
}

package org.walkaway.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.Extensions;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.Rejection;

/**
 * A header as JSON, for {@code walkaway inspect}: every field in header order, hashes and keys as
 * lowercase hex, then the id and the verdict. Built as a tree, so nothing is reflected upon.
 */
final class HeaderJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

  private HeaderJson() {}

  /** The header's fields and its id; the caller adds the verdict. */
  static ObjectNode of(Header header, Hash id) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", header.version());
    node.put("author", header.author().toHex());
    node.put("signature", header.signature().toHex());
    node.put("seqNum", header.seqNum());
    node.put("payloadSize", header.payloadSize());
    putOptional(node, "payloadHash", header.payloadHash().map(Hash::toHex));
    putOptional(node, "backlink", header.backlink().map(Hash::toHex));
    node.set("extensions", header.extensions().map(HeaderJson::extensions).orElse(node.nullNode()));
    node.put("id", id.toHex());
    return node;
  }

  private static JsonNode extensions(Extensions extensions) {
    ObjectNode node = MAPPER.createObjectNode();
    if (!extensions.isWalkawayLayout()) {
      node.put("opaque", extensions.encoded().toHex());
      return node;
    }
    putOptional(node, "logId", extensions.logId().map(Object::toString));
    if (extensions.timestampMicros().isPresent()) {
      long micros = extensions.timestampMicros().getAsLong();
      node.put("timestampMicros", micros);
      node.put("timestamp", Inputs.instantOfMicros(micros).toString());
    } else {
      node.putNull("timestampMicros");
    }
    node.put("prune", extensions.prune());
    ArrayNode previous = node.putArray("previous");
    extensions.previous().forEach(id -> previous.add(id.toHex()));
    ObjectNode fields = node.putObject("fields");
    for (Map.Entry<Long, Bytes> field : extensions.fields().entrySet()) {
      fields.put(Long.toString(field.getKey()), field.getValue().toHex());
    }
    return node;
  }

  /** Adds {@code "valid": true}. */
  static ObjectNode valid(ObjectNode node) {
    node.put("valid", true);
    return node;
  }

  /** Adds {@code "valid": false} with the rejection's reason and message. */
  static ObjectNode invalid(ObjectNode node, Rejection rejection) {
    node.put("valid", false);
    node.put("reason", rejection.reason().name());
    node.put("message", rejection.message());
    return node;
  }

  /** Just the verdict, for bytes that are not a header at all. */
  static ObjectNode invalid(Rejection rejection) {
    return invalid(MAPPER.createObjectNode(), rejection);
  }

  static String render(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
    }
  }

  /** {@code text} as a JSON string literal: quoted, with control characters escaped. */
  static String quote(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serializes", e);
    }
  }

  private static void putOptional(ObjectNode node, String name, Optional<String> value) {
    value.ifPresentOrElse(v -> node.put(name, v), () -> node.putNull(name));
  }

  /** Two-space indents, {@code "key": value}, one array element per line, newlines not CRLF. */
  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }
}

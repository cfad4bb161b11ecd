package org.walkaway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plain JSON to IPLD, for the policy fixtures: integers stay integers, {@code 1.0} is a float. */
final class JsonIpld {
  private JsonIpld() {}

  static Ipld of(JsonNode node) {
    if (node.isNull()) {
      return Ipld.NULL;
    }
    if (node.isBoolean()) {
      return new Ipld.Bool(node.asBoolean());
    }
    if (node.isIntegralNumber()) {
      return new Ipld.Int(node.asLong());
    }
    if (node.isNumber()) {
      return new Ipld.Real(node.asDouble());
    }
    if (node.isTextual()) {
      return new Ipld.Text(node.asText());
    }
    if (node.isArray()) {
      List<Ipld> items = new ArrayList<>();
      node.forEach(n -> items.add(of(n)));
      return new Ipld.Seq(items);
    }
    TreeMap<String, Ipld> entries = new TreeMap<>(Ipld.KEY_ORDER);
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      entries.put(e.getKey(), of(e.getValue()));
    }
    return new Ipld.Dict(entries);
  }
}

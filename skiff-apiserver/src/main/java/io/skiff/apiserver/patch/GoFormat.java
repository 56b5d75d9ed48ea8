package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a JSON value the way Go's {@code fmt} prints the decoded {@code map[string]interface{}}, for the messages
 * Kubernetes builds with {@code %v}: {@code map[metadata:map[labels:map[tier:web]]]}, lists as {@code [a b]}, keys
 * sorted, null as {@code <nil>}.
 */
final class GoFormat {

  private GoFormat() {}

  static String format(JsonNode node) {
    StringBuilder b = new StringBuilder();
    append(b, node);
    return b.toString();
  }

  private static void append(StringBuilder b, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      b.append("<nil>");
    } else if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
      entries.sort(Map.Entry.comparingByKey());
      b.append("map[");
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) {
          b.append(' ');
        }
        b.append(entries.get(i).getKey()).append(':');
        append(b, entries.get(i).getValue());
      }
      b.append(']');
    } else if (node.isArray()) {
      b.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          b.append(' ');
        }
        append(b, node.get(i));
      }
      b.append(']');
    } else if (node.isFloatingPointNumber()) {
      double d = node.doubleValue();
      b.append(d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d));
    } else {
      b.append(node.asText());
    }
  }
}

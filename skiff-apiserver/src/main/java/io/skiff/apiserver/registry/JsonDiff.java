package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A readable list of the leaves that differ between two JSON trees, one {@code - path: old} and one
 * {@code + path: new} line per change. Kubernetes prints a Go struct diff at this place; skiff prints the same
 * information in JSON paths.
 */
final class JsonDiff {

  private JsonDiff() {}

  static String describe(String root, JsonNode before, JsonNode after) {
    List<String> lines = new ArrayList<>();
    walk(root, before, after, lines);
    return String.join("\n", lines);
  }

  private static void walk(String path, JsonNode before, JsonNode after, List<String> lines) {
    if (before != null && after != null && before.equals(after)) {
      return;
    }
    if (before != null && after != null && before.isObject() && after.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(names::add);
      for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String name : names) {
        walk(path + "." + name, before.get(name), after.get(name), lines);
      }
      return;
    }
    if (before != null && after != null && before.isArray() && after.isArray()) {
      for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
        walk(path + "[" + i + "]", before.get(i), after.get(i), lines);
      }
      return;
    }
    if (before != null) {
      lines.add("- " + path + ": " + before);
    }
    if (after != null) {
      lines.add("+ " + path + ": " + after);
    }
  }
}

package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable set of managed field paths, convertible to and from the {@code FieldsV1} JSON of
 * {@code metadata.managedFields[].fieldsV1}: each path is a chain of {@code f:}/{@code k:}/{@code v:} keys ending in
 * {@code {}}, and a member that also has members below it is marked with {@code ".": {}}.
 */
public record FieldSet(Set<FieldPath> paths) {
  public FieldSet {
    paths = Set.copyOf(paths);
  }

  public static final FieldSet EMPTY = new FieldSet(Set.of());

  public boolean contains(FieldPath p) {
    return paths.contains(p);
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public FieldSet union(FieldSet other) {
    Set<FieldPath> all = new HashSet<>(paths);
    all.addAll(other.paths);
    return new FieldSet(all);
  }

  public FieldSet minus(FieldSet other) {
    Set<FieldPath> rest = new HashSet<>(paths);
    rest.removeAll(other.paths);
    return new FieldSet(rest);
  }

  public FieldSet intersect(FieldSet other) {
    Set<FieldPath> both = new HashSet<>(paths);
    both.retainAll(other.paths);
    return new FieldSet(both);
  }

  /** The {@code FieldsV1} JSON, keys sorted as Kubernetes writes them. */
  public ObjectNode toFieldsV1() {
    Node root = new Node();
    for (FieldPath p : paths) {
      Node n = root;
      for (PathElement e : p.elements()) {
        n = n.children.computeIfAbsent(e.encode(), k -> new Node());
      }
      n.member = true;
    }
    return root.toJson();
  }

  /** Parses {@code FieldsV1} JSON; unknown shapes are ignored. */
  public static FieldSet fromFieldsV1(JsonNode fieldsV1) {
    Set<FieldPath> found = new LinkedHashSet<>();
    if (fieldsV1 != null && fieldsV1.isObject()) {
      collect(fieldsV1, FieldPath.ROOT, found);
    }
    return new FieldSet(found);
  }

  private static void collect(JsonNode node, FieldPath at, Set<FieldPath> found) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals(".")) {
        found.add(at);
        continue;
      }
      FieldPath child = at.child(PathElement.decode(e.getKey()));
      JsonNode value = e.getValue();
      if (!value.isObject() || value.isEmpty()) {
        found.add(child);
      } else {
        collect(value, child, found);
      }
    }
  }

  private static final class Node {
    boolean member;
    final TreeMap<String, Node> children = new TreeMap<>();

    ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      if (member && !children.isEmpty()) {
        o.set(".", JsonNodeFactory.instance.objectNode());
      }
      children.forEach((k, v) -> o.set(k, v.toJson()));
      return o;
    }
  }
}

package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.ModelType;
import io.skiff.apiserver.decode.ModelTypes;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the fields of objects as managed-field paths, and reads and removes values at such paths. Objects are
 * walked with their model types and {@link PatchStrategies}: keyed-list elements are {@code k:} members, set values
 * {@code v:} members, atomic lists and scalars are leaves.
 */
final class FieldSets {

  /** How much of the structure counts as owned. */
  enum Style {
    /** Server-side apply: leaves and list elements (what the applied configuration states). */
    APPLY,
    /** Updates: also the maps themselves ({@code f:labels} with {@code "."}), as Kubernetes records for writers. */
    UPDATE
  }

  private FieldSets() {}

  /** Every field of {@code object} in {@code style}. */
  static FieldSet of(JsonNode object, ModelType type, FieldScope scope, Style style) {
    Set<FieldPath> found = new HashSet<>();
    if (object != null && object.isObject()) {
      walkObject((ObjectNode) object, type, FieldPath.ROOT, scope, style, found);
    }
    return new FieldSet(found);
  }

  /**
   * The fields of {@code updated} that an update from {@code old} set or changed (Update style), among {@code all}:
   * the fields of {@code updated} in the endpoint's scope ({@link #of} in Update style).
   */
  static FieldSet changed(JsonNode old, JsonNode updated, FieldSet all) {
    Set<FieldPath> changed = new HashSet<>();
    for (FieldPath p : all.paths()) {
      JsonNode before = valueAt(old, p);
      if (before == null) {
        changed.add(p);
        continue;
      }
      JsonNode after = valueAt(updated, p);
      boolean container = after != null && after.isObject() && !after.isEmpty();
      if (!container && !Keys.equalValues(before, after)) {
        changed.add(p);
      }
    }
    return new FieldSet(changed);
  }

  private static void walkObject(ObjectNode node, ModelType type, FieldPath at, FieldScope scope, Style style,
      Set<FieldPath> found) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        continue;
      }
      if (at.elements().isEmpty() && !scope.ownsTopLevel(name)) {
        continue;
      }
      if (at.elements().size() == 1 && at.last() instanceof PathElement.Field f && f.name().equals("metadata")
          && !FieldScope.ownsMetadata(name)) {
        continue;
      }
      ModelType childType = ModelTypes.child(type, name).orElse(new ModelType.FreeForm());
      walkValue(value, childType, at.field(name), StrategicMerge.strategy(type, name), scope, style, found);
    }
  }

  private static void walkValue(JsonNode value, ModelType type, FieldPath at, Optional<ListStrategy> strategy,
      FieldScope scope, Style style, Set<FieldPath> found) {
    if (value.isObject()) {
      if (type instanceof ModelType.FreeForm || value.isEmpty() || type instanceof ModelType.Scalar) {
        found.add(at);
        return;
      }
      if (style == Style.UPDATE && type instanceof ModelType.MapOf) {
        found.add(at);
      }
      walkObject((ObjectNode) value, type, at, scope, style, found);
      return;
    }
    if (value.isArray() && strategy.isPresent() && !value.isEmpty()) {
      ListStrategy s = strategy.get();
      ModelType element = StrategicMerge.element(type);
      if (s.isSet()) {
        if (style == Style.UPDATE) {
          found.add(at);
        }
        for (JsonNode v : value) {
          found.add(at.child(PathElement.Value.of(v)));
        }
        return;
      }
      for (JsonNode item : value) {
        if (!item.isObject() || !item.has(s.mergeKey()) || item.get(s.mergeKey()).isNull()) {
          found.add(at);
          continue;
        }
        FieldPath itemPath = at.child(PathElement.Key.of(s.mergeKey(), item.get(s.mergeKey())));
        found.add(itemPath);
        walkObject((ObjectNode) item, element, itemPath, scope, style, found);
      }
      return;
    }
    found.add(at);
  }

  /** The value at {@code path} in {@code root}, or null when there is none. */
  static JsonNode valueAt(JsonNode root, FieldPath path) {
    JsonNode n = root;
    for (PathElement e : path.elements()) {
      if (n == null) {
        return null;
      }
      n = step(n, e);
    }
    return n == null || n.isMissingNode() ? null : n;
  }

  private static JsonNode step(JsonNode n, PathElement e) {
    return switch (e) {
      case PathElement.Field f -> n.isObject() ? n.get(f.name()) : null;
      case PathElement.Key k -> {
        if (!n.isArray()) {
          yield null;
        }
        ObjectNode fields = k.fields();
        for (JsonNode item : n) {
          if (matches(item, fields)) {
            yield item;
          }
        }
        yield null;
      }
      case PathElement.Value v -> {
        if (!n.isArray()) {
          yield null;
        }
        for (JsonNode item : n) {
          if (Keys.same(item, v.value())) {
            yield item;
          }
        }
        yield null;
      }
      case PathElement.Opaque o -> null;
    };
  }

  private static boolean matches(JsonNode item, ObjectNode keyFields) {
    if (!item.isObject()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> kf : keyFields.properties()) {
      if (!Keys.same(item.get(kf.getKey()), kf.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Removes the value at {@code path} from {@code root}; does nothing when it is absent. */
  static void removeAt(JsonNode root, FieldPath path) {
    if (path.elements().isEmpty()) {
      return;
    }
    JsonNode parent = valueAt(root, path.parent());
    if (parent == null) {
      return;
    }
    switch (path.last()) {
      case PathElement.Field f -> {
        if (parent.isObject()) {
          ((ObjectNode) parent).remove(f.name());
        }
      }
      case PathElement.Key k -> {
        if (parent.isArray()) {
          ObjectNode fields = k.fields();
          removeIf((ArrayNode) parent, item -> matches(item, fields));
        }
      }
      case PathElement.Value v -> {
        if (parent.isArray()) {
          removeIf((ArrayNode) parent, item -> Keys.same(item, v.value()));
        }
      }
      case PathElement.Opaque o -> { }
    }
  }

  private static void removeIf(ArrayNode array, java.util.function.Predicate<JsonNode> test) {
    for (int i = array.size() - 1; i >= 0; i--) {
      if (test.test(array.get(i))) {
        array.remove(i);
      }
    }
  }
}

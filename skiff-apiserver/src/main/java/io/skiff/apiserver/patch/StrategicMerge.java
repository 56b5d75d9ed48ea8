package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.ModelType;
import io.skiff.apiserver.decode.ModelTypes;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch, driven by the model types and {@link PatchStrategies}:
 * <ul>
 *   <li>objects merge field by field; a {@code null} value deletes the field;</li>
 *   <li>lists with a merge key merge element by element (an element matching no existing one is added), lists of
 *       primitives with the merge strategy are unions, every other list is replaced;</li>
 *   <li>directives: {@code $patch: replace|delete|merge} in an object or list element, {@code $retainKeys},
 *       {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>};</li>
 *   <li>order: elements named by the patch (or by {@code $setElementOrder}) keep that order, the others keep their
 *       place relative to them, as in {@code normalizeElementOrder}.</li>
 * </ul>
 * Also used by server-side apply to merge an applied configuration (which carries no directives).
 */
final class StrategicMerge {

  static final String DIRECTIVE = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String SET_ELEMENT_ORDER = "$setElementOrder/";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrategicMerge() {}

  /** Merges {@code patch} into a copy of {@code original}; neither argument is modified. */
  static ObjectNode merge(ObjectNode original, ObjectNode patch, ModelType type) {
    return mergeObject(original.deepCopy(), patch, type);
  }

  private static ObjectNode mergeObject(ObjectNode original, ObjectNode patch, ModelType type) {
    JsonNode directive = patch.get(DIRECTIVE);
    if (directive != null) {
      switch (directive.asText()) {
        case "replace" -> {
          ObjectNode rest = patch.deepCopy();
          rest.remove(DIRECTIVE);
          return mergeObject(NODES.objectNode(), rest, type);
        }
        case "delete" -> {
          return NODES.objectNode();
        }
        case "merge" -> { }
        default -> throw bad("unknown patch type: " + directive.asText() + " in map: " + GoFormat.format(patch));
      }
    }
    applyRetainKeys(original, patch);
    Map<String, ArrayNode> orders = new LinkedHashMap<>();
    for (var e : patch.properties()) {
      if (e.getKey().startsWith(SET_ELEMENT_ORDER)) {
        if (!e.getValue().isArray()) {
          throw bad("invalid patch format of setElementOrder list");
        }
        orders.put(e.getKey().substring(SET_ELEMENT_ORDER.length()), (ArrayNode) e.getValue());
      }
    }
    for (var e : patch.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals(DIRECTIVE) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
        continue;
      }
      if (value.isNull()) {
        original.remove(key);
        continue;
      }
      ModelType childType = ModelTypes.child(type, key).orElse(new ModelType.FreeForm());
      JsonNode current = original.get(key);
      if (value.isObject()) {
        ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : NODES.objectNode();
        original.set(key, mergeObject(base, (ObjectNode) value, childType));
      } else if (value.isArray()) {
        Optional<ListStrategy> strategy = strategy(type, key);
        if (strategy.isPresent()) {
          ArrayNode base = current != null && current.isArray() ? (ArrayNode) current : NODES.arrayNode();
          original.set(key, mergeList(base, (ArrayNode) value, element(childType), strategy.get(), orders.get(key)));
        } else {
          original.set(key, value.deepCopy());
        }
      } else {
        original.set(key, value.deepCopy());
      }
    }
    for (var e : orders.entrySet()) {
      JsonNode current = original.get(e.getKey());
      if (!patch.has(e.getKey()) && current != null && current.isArray()) {
        Optional<ListStrategy> strategy = strategy(type, e.getKey());
        if (strategy.isEmpty()) {
          throw bad("invalid patch format of setElementOrder list");
        }
        original.set(e.getKey(), reorder((ArrayNode) current, e.getValue(), strategy.get()));
      }
    }
    return original;
  }

  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw bad("invalid patch format of retainKeys");
    }
    Set<String> keep = new HashSet<>();
    retain.forEach(k -> keep.add(k.asText()));
    for (var e : patch.properties()) {
      String key = e.getKey();
      if (e.getValue().isNull() || key.startsWith("$")) {
        continue;
      }
      if (!keep.contains(key)) {
        throw bad("invalid patch format of retainKeys");
      }
    }
    original.properties().removeIf(e -> !keep.contains(e.getKey()));
  }

  private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
    if (!values.isArray()) {
      throw bad("invalid patch format of primitive list");
    }
    JsonNode current = original.get(field);
    if (current == null || !current.isArray()) {
      return;
    }
    Set<String> remove = new HashSet<>();
    values.forEach(v -> remove.add(Keys.canonical(v)));
    ArrayNode kept = NODES.arrayNode();
    current.forEach(v -> {
      if (!remove.contains(Keys.canonical(v))) {
        kept.add(v);
      }
    });
    original.set(field, kept);
  }

  private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, ModelType elementType, ListStrategy strategy,
      ArrayNode order) {
    if (strategy.isSet()) {
      List<JsonNode> merged = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (JsonNode v : original) {
        if (seen.add(Keys.canonical(v))) {
          merged.add(v);
        }
      }
      for (JsonNode v : patch) {
        if (v.isContainerNode()) {
          throw bad("expected a primitive, but received a " + (v.isObject() ? "map[string]interface {}" : "[]interface {}"));
        }
        if (seen.add(Keys.canonical(v))) {
          merged.add(v.deepCopy());
        }
      }
      return ordered(merged, order != null ? listOf(order) : listOf(patch), listOf(original), null);
    }
    String key = strategy.mergeKey();
    List<JsonNode> merged = new ArrayList<>();
    original.forEach(merged::add);
    List<ObjectNode> items = new ArrayList<>();
    boolean replace = false;
    for (JsonNode item : patch) {
      if (!item.isObject()) {
        throw bad("expected a map[string]interface {}, but received a " + goType(item));
      }
      JsonNode directive = item.get(DIRECTIVE);
      if (directive == null) {
        items.add((ObjectNode) item);
        continue;
      }
      switch (directive.asText()) {
        case "delete" -> {
          JsonNode k = item.get(key);
          if (k == null) {
            throw noMergeKey(item, key);
          }
          merged.removeIf(m -> m.isObject() && Keys.same(m.get(key), k));
        }
        case "replace" -> replace = true;
        case "merge" -> throw bad("merging lists cannot yet be specified in the patch");
        default -> throw bad("unknown patch type: " + directive.asText() + " in map: " + GoFormat.format(item));
      }
    }
    if (replace) {
      ArrayNode result = NODES.arrayNode();
      for (ObjectNode item : items) {
        result.add(mergeObject(NODES.objectNode(), item, elementType));
      }
      return result;
    }
    for (ObjectNode item : items) {
      JsonNode k = item.get(key);
      if (k == null) {
        throw noMergeKey(item, key);
      }
      int at = indexOf(merged, k, key);
      if (at >= 0) {
        JsonNode existing = merged.get(at);
        ObjectNode base = existing.isObject() ? (ObjectNode) existing : NODES.objectNode();
        merged.set(at, mergeObject(base, item, elementType));
      } else {
        merged.add(mergeObject(NODES.objectNode(), item, elementType));
      }
    }
    List<JsonNode> patchOrder = order != null ? listOf(order) : new ArrayList<>(items);
    if (order != null) {
      for (ObjectNode item : items) {
        if (indexOf(patchOrder, item.get(key), key) < 0) {
          throw bad("The order in patch list:\n" + GoFormat.format(patch) + "\n doesn't match $setElementOrder list:\n"
              + GoFormat.format(order) + "\n");
        }
      }
    }
    return ordered(merged, patchOrder, listOf(original), key);
  }

  private static ArrayNode reorder(ArrayNode current, ArrayNode order, ListStrategy strategy) {
    return ordered(listOf(current), listOf(order), listOf(current), strategy.mergeKey());
  }

  /**
   * Puts elements named by {@code patchOrder} in that order, and interleaves the others ("server-only") by their
   * position in {@code serverOrder}, as Kubernetes' {@code normalizeElementOrder} and {@code mergeSortedSlice} do.
   */
  private static ArrayNode ordered(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder,
      String key) {
    Map<String, Integer> patchIndex = index(patchOrder, key);
    Map<String, Integer> serverIndex = index(serverOrder, key);
    List<JsonNode> fromPatch = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode m : merged) {
      (patchIndex.containsKey(identity(m, key)) ? fromPatch : serverOnly).add(m);
    }
    fromPatch.sort((a, b) -> Integer.compare(patchIndex.get(identity(a, key)), patchIndex.get(identity(b, key))));
    ArrayNode result = NODES.arrayNode();
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < fromPatch.size()) {
      if (i >= serverOnly.size()) {
        result.add(fromPatch.get(j++));
      } else if (j >= fromPatch.size()) {
        result.add(serverOnly.get(i++));
      } else {
        Integer left = serverIndex.get(identity(serverOnly.get(i), key));
        Integer right = serverIndex.get(identity(fromPatch.get(j), key));
        if (left != null && right != null && left < right) {
          result.add(serverOnly.get(i++));
        } else {
          result.add(fromPatch.get(j++));
        }
      }
    }
    return result;
  }

  private static Map<String, Integer> index(List<JsonNode> list, String key) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      index.putIfAbsent(identity(list.get(i), key), i);
    }
    return index;
  }

  private static String identity(JsonNode element, String key) {
    return Keys.canonical(key == null ? element : element.get(key));
  }

  private static int indexOf(List<JsonNode> list, JsonNode keyValue, String key) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      if (m.isObject() && m.has(key) && Keys.same(m.get(key), keyValue)) {
        return i;
      }
    }
    return -1;
  }

  private static List<JsonNode> listOf(ArrayNode array) {
    List<JsonNode> list = new ArrayList<>(array.size());
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      list.add(it.next());
    }
    return list;
  }

  static Optional<ListStrategy> strategy(ModelType parent, String field) {
    return parent instanceof ModelType.Struct s ? PatchStrategies.find(s.javaClass(), field) : Optional.empty();
  }

  static ModelType element(ModelType listType) {
    return listType instanceof ModelType.ListOf l ? l.element() : new ModelType.FreeForm();
  }

  private static String goType(JsonNode v) {
    if (v.isArray()) {
      return "[]interface {}";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    return v.isNumber() ? "float64" : "<nil>";
  }

  private static SkiffException.BadRequest noMergeKey(JsonNode item, String key) {
    return bad("map: " + GoFormat.format(item) + " does not contain declared merge key: " + key);
  }

  private static SkiffException.BadRequest bad(String message) {
    return new SkiffException.BadRequest(message);
  }
}

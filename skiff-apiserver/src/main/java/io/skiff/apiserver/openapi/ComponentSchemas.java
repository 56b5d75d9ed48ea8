package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.ModelType;
import io.skiff.apiserver.decode.ModelTypes;
import io.skiff.apiserver.decode.Property;
import io.skiff.apiserver.patch.ListStrategy;
import io.skiff.apiserver.patch.PatchStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds {@code components.schemas} for a set of model classes and everything they reference, the way Kubernetes
 * publishes them: one object schema per struct, references wrapped as {@code allOf: [{$ref}]} so that a description
 * can sit beside them, {@code Time}/{@code Quantity}/{@code IntOrString} as formatted strings, merge-keyed lists
 * carrying {@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-patch-strategy} and their list type, and
 * {@code x-kubernetes-group-version-kind} on the top-level kinds. One instance builds one document.
 */
final class ComponentSchemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String REF_PREFIX = "#/components/schemas/";

  private final SchemaNotes notes;
  private final Map<Class<?>, List<Gvk>> kinds;
  private final TreeMap<String, ObjectNode> schemas = new TreeMap<>();
  private final Deque<Class<?>> pending = new ArrayDeque<>();

  ComponentSchemas(SchemaNotes notes, Map<Class<?>, List<Gvk>> kinds) {
    this.notes = notes;
    this.kinds = kinds;
  }

  /** A {@code $ref} to the schema of {@code c}, scheduling it for generation. */
  String ref(Class<?> c) {
    String name = SchemaNames.of(c);
    if (!schemas.containsKey(name)) {
      schemas.put(name, NODES.objectNode());
      pending.add(c);
    }
    return REF_PREFIX + name;
  }

  /** A {@code $ref} to a schema that is not a model class ({@code Time}, {@code Patch}, …). */
  String ref(String name, String type, String format) {
    if (!schemas.containsKey(name)) {
      ObjectNode s = NODES.objectNode();
      notes.description(name).ifPresent(d -> s.put("description", d));
      if (format != null) {
        s.put("format", format);
      }
      s.put("type", type);
      schemas.put(name, s);
    }
    return REF_PREFIX + name;
  }

  /** Generates every scheduled schema and returns them all, sorted by name. */
  ObjectNode build() {
    while (!pending.isEmpty()) {
      Class<?> c = pending.poll();
      schemas.put(SchemaNames.of(c), schemaOf(c));
    }
    ObjectNode all = NODES.objectNode();
    schemas.forEach(all::set);
    return all;
  }

  private ObjectNode schemaOf(Class<?> c) {
    String name = SchemaNames.of(c);
    ObjectNode s = NODES.objectNode();
    notes.description(name).ifPresent(d -> s.put("description", d));
    ModelType type = ModelTypes.ofClass(c);
    if (!(type instanceof ModelType.Struct)) {
      s.put("type", "object");
      return s;
    }
    ObjectNode properties = s.putObject("properties");
    Map<String, Property> fields = ModelTypes.properties(c);
    for (Property p : fields.values()) {
      ObjectNode ps = schemaOf(p.type(), p.javaType(), false);
      Optional<String> description = notes.property(name, p.name());
      ObjectNode ordered = NODES.objectNode();
      description.ifPresent(d -> ordered.put("description", d));
      ordered.setAll(ps);
      PatchStrategies.find(c, p.name()).ifPresent(strategy -> listExtensions(ordered, strategy));
      properties.set(p.name(), ordered);
    }
    List<String> required = notes.required(name).stream().filter(fields::containsKey).toList();
    if (!required.isEmpty()) {
      ArrayNode r = s.putArray("required");
      required.forEach(r::add);
    }
    s.put("type", "object");
    List<Gvk> gvks = kinds.get(c);
    if (gvks != null) {
      ArrayNode ext = s.putArray("x-kubernetes-group-version-kind");
      gvks.forEach(g -> ext.add(g.toJson()));
    }
    return s;
  }

  private static void listExtensions(ObjectNode property, ListStrategy strategy) {
    if (!strategy.isSet()) {
      ArrayNode keys = property.putArray("x-kubernetes-list-map-keys");
      strategy.listMapKeys().forEach(keys::add);
    }
    property.put("x-kubernetes-list-type", strategy.listType());
    if (!strategy.isSet()) {
      property.put("x-kubernetes-patch-merge-key", strategy.mergeKey());
    }
    property.put("x-kubernetes-patch-strategy", strategy.patchStrategy());
  }

  /** The schema of a value of {@code type} declared as {@code javaType}; {@code item} for list and map values. */
  private ObjectNode schemaOf(ModelType type, Type javaType, boolean item) {
    ObjectNode s = NODES.objectNode();
    switch (type) {
      case ModelType.Scalar scalar -> {
        switch (scalar.kind()) {
          case STRING -> s.put("type", "string");
          case BYTES -> s.put("format", "byte").put("type", "string");
          case INT32 -> s.put("format", "int32").put("type", "integer");
          case INT64 -> s.put("format", "int64").put("type", "integer");
          case NUMBER -> s.put("format", "double").put("type", "number");
          case BOOLEAN -> s.put("type", "boolean");
          case QUANTITY -> refer(s, ref(SchemaNames.QUANTITY, "string", null), item);
          case INT_OR_STRING -> refer(s, ref(SchemaNames.INT_OR_STRING, "string", "int-or-string"), item);
          case DATE_TIME -> refer(s, ref(SchemaNames.TIME, "string", "date-time"), item);
          case MICRO_TIME -> refer(s, ref(SchemaNames.MICRO_TIME, "string", "date-time"), item);
        }
        if (item && scalar.kind() == ModelType.ScalarKind.STRING) {
          s.put("default", "");
        }
      }
      case ModelType.Struct struct -> {
        allOf(s, ref(struct.javaClass()));
        if (item) {
          s.putObject("default");
        }
      }
      case ModelType.ListOf list -> {
        s.put("type", "array");
        s.set("items", schemaOf(list.element(), typeArgument(javaType, 0), true));
      }
      case ModelType.MapOf map -> {
        s.set("additionalProperties", schemaOf(map.value(), typeArgument(javaType, 1), true));
        s.put("type", "object");
      }
      case ModelType.FreeForm free -> {
        if (javaType instanceof Class<?> c && SchemaNames.isModel(c)) {
          allOf(s, ref(c));
        } else if (javaType == Object.class) {
          allOf(s, ref(SchemaNames.RAW_EXTENSION, "object", null));
        } else {
          s.put("type", "object");
        }
      }
    }
    return s;
  }

  /** A bare {@code $ref} where nothing sits beside it (list and map values), else {@code allOf}. */
  private static void refer(ObjectNode s, String ref, boolean item) {
    if (item) {
      s.put("$ref", ref);
    } else {
      allOf(s, ref);
    }
  }

  private static void allOf(ObjectNode s, String ref) {
    s.putArray("allOf").addObject().put("$ref", ref);
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    if (type instanceof Class<?> c && c.isArray()) {
      return c.getComponentType();
    }
    return Object.class;
  }
}

package io.skiff.apiserver.decode;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.apiserver.decode.ModelType.FreeForm;
import io.skiff.apiserver.decode.ModelType.ListOf;
import io.skiff.apiserver.decode.ModelType.MapOf;
import io.skiff.apiserver.decode.ModelType.Scalar;
import io.skiff.apiserver.decode.ModelType.ScalarKind;
import io.skiff.apiserver.decode.ModelType.Struct;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the known fields of fabric8 model classes by reflection on their {@code @JsonProperty} fields (fabric8's
 * generated classes declare one per Kubernetes field, plus an {@code @JsonAnySetter} catch-all that Jackson alone would
 * fill silently). Results are cached; all methods are thread-safe.
 *
 * <p>fabric8 models {@code metav1.Time} fields and base64 {@code []byte} map values as plain strings;
 * {@link #TIME_FIELDS} and {@link #BYTES_MAP_FIELDS} name the ones Kubernetes types otherwise, so that they are checked
 * and documented as Kubernetes does.
 */
public final class ModelTypes {

  /** Fields that are strings in fabric8 but {@code metav1.Time} in Kubernetes, by declaring class simple name. */
  static final Map<String, Set<String>> TIME_FIELDS = Map.ofEntries(
      Map.entry("ObjectMeta", Set.of("creationTimestamp", "deletionTimestamp")),
      Map.entry("ManagedFieldsEntry", Set.of("time")),
      Map.entry("PodCondition", Set.of("lastProbeTime", "lastTransitionTime")),
      Map.entry("PodStatus", Set.of("startTime")),
      Map.entry("ContainerStateRunning", Set.of("startedAt")),
      Map.entry("ContainerStateTerminated", Set.of("startedAt", "finishedAt")),
      Map.entry("NodeCondition", Set.of("lastHeartbeatTime", "lastTransitionTime")),
      Map.entry("NamespaceCondition", Set.of("lastTransitionTime")),
      Map.entry("Taint", Set.of("timeAdded")),
      Map.entry("Event", Set.of("firstTimestamp", "lastTimestamp", "deprecatedFirstTimestamp", "deprecatedLastTimestamp")),
      Map.entry("Condition", Set.of("lastTransitionTime")));

  /** Map fields whose values are strings in fabric8 but base64 {@code []byte} in Kubernetes. */
  static final Map<String, Set<String>> BYTES_MAP_FIELDS = Map.of(
      "Secret", Set.of("data"),
      "ConfigMap", Set.of("binaryData"));

  private static final ConcurrentHashMap<Class<?>, Map<String, Property>> PROPERTIES = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Class<?>, ModelType> CLASS_TYPES = new ConcurrentHashMap<>();

  private ModelTypes() {}

  /** The shape of a Java type as it appears in a model field (generic lists and maps included). */
  public static ModelType of(Type type) {
    if (type instanceof Class<?> c) {
      return ofClass(c);
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return new ListOf(of(args[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return new MapOf(of(args[1]));
      }
      return ofClass(raw);
    }
    if (type instanceof WildcardType w) {
      return of(w.getUpperBounds()[0]);
    }
    return new FreeForm();
  }

  /** The shape of a class. */
  public static ModelType ofClass(Class<?> c) {
    ModelType known = CLASS_TYPES.get(c);
    if (known != null) {
      return known;
    }
    ModelType computed = classify(c);
    ModelType raced = CLASS_TYPES.putIfAbsent(c, computed);
    return raced == null ? computed : raced;
  }

  private static ModelType classify(Class<?> c) {
    if (c == String.class || c == Character.class || c == char.class) {
      return new Scalar(ScalarKind.STRING);
    }
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class || c == Byte.class || c == byte.class) {
      return new Scalar(ScalarKind.INT32);
    }
    if (c == Long.class || c == long.class) {
      return new Scalar(ScalarKind.INT64);
    }
    if (c == Double.class || c == double.class || c == Float.class || c == float.class || Number.class.isAssignableFrom(c)) {
      return new Scalar(ScalarKind.NUMBER);
    }
    if (c == Boolean.class || c == boolean.class) {
      return new Scalar(ScalarKind.BOOLEAN);
    }
    if (c == Quantity.class) {
      return new Scalar(ScalarKind.QUANTITY);
    }
    if (c == IntOrString.class) {
      return new Scalar(ScalarKind.INT_OR_STRING);
    }
    if (c == MicroTime.class || c == ZonedDateTime.class || c == OffsetDateTime.class || c == Instant.class) {
      return new Scalar(ScalarKind.MICRO_TIME);
    }
    if (c == Object.class || c.isInterface() || c.isPrimitive() || c.getName().startsWith("java.")) {
      return new FreeForm();
    }
    if (c.isArray()) {
      return c.getComponentType() == byte.class ? new Scalar(ScalarKind.STRING) : new ListOf(ofClass(c.getComponentType()));
    }
    if (Collection.class.isAssignableFrom(c)) {
      return new ListOf(new FreeForm());
    }
    if (Map.class.isAssignableFrom(c)) {
      return new MapOf(new FreeForm());
    }
    if (c.isEnum()) {
      return new Scalar(ScalarKind.STRING);
    }
    JsonDeserialize custom = c.getAnnotation(JsonDeserialize.class);
    if (custom != null && custom.using() != JsonDeserializer.None.class) {
      return new FreeForm();
    }
    if (!hasJsonProperties(c) && hasAnySetter(c)) {
      return new FreeForm();
    }
    return new Struct(c);
  }

  /** The known fields of a struct class, in Kubernetes' declared order. */
  public static Map<String, Property> properties(Class<?> c) {
    Map<String, Property> known = PROPERTIES.get(c);
    if (known != null) {
      return known;
    }
    Map<String, Property> computed = introspect(c);
    Map<String, Property> raced = PROPERTIES.putIfAbsent(c, computed);
    return raced == null ? computed : raced;
  }

  /** One known field of a struct, if it exists. */
  public static Optional<Property> property(Class<?> c, String name) {
    return Optional.ofNullable(properties(c).get(name));
  }

  /** The value type of a field of {@code parent} (a struct field, a map value), or empty if the field is unknown. */
  public static Optional<ModelType> child(ModelType parent, String field) {
    return switch (parent) {
      case Struct s -> property(s.javaClass(), field).map(Property::type);
      case MapOf m -> Optional.of(m.value());
      case FreeForm f -> Optional.of(f);
      case ListOf l -> Optional.empty();
      case Scalar s -> Optional.empty();
    };
  }

  private static Map<String, Property> introspect(Class<?> c) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      chain.add(0, k);
    }
    Map<String, Property> found = new LinkedHashMap<>();
    Set<String> timeFields = TIME_FIELDS.getOrDefault(c.getSimpleName(), Set.of());
    Set<String> bytesFields = BYTES_MAP_FIELDS.getOrDefault(c.getSimpleName(), Set.of());
    for (Class<?> k : chain) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        JsonProperty jp = f.getAnnotation(JsonProperty.class);
        if (jp == null || f.isAnnotationPresent(JsonIgnore.class)) {
          continue;
        }
        String name = jp.value().isEmpty() ? f.getName() : jp.value();
        ModelType type = of(f.getGenericType());
        if (timeFields.contains(name) && f.getType() == String.class) {
          type = new Scalar(ScalarKind.DATE_TIME);
        } else if (bytesFields.contains(name) && type instanceof MapOf) {
          type = new MapOf(new Scalar(ScalarKind.BYTES));
        }
        found.put(name, new Property(name, type, c, f.getGenericType()));
      }
    }
    JsonPropertyOrder order = c.getAnnotation(JsonPropertyOrder.class);
    if (order == null || order.value().length == 0) {
      return Collections.unmodifiableMap(found);
    }
    Map<String, Property> ordered = new LinkedHashMap<>();
    for (String name : order.value()) {
      Property p = found.get(name);
      if (p != null) {
        ordered.put(name, p);
      }
    }
    ordered.putAll(found);
    return Collections.unmodifiableMap(ordered);
  }

  private static boolean hasJsonProperties(Class<?> c) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (f.isAnnotationPresent(JsonProperty.class) && !f.isAnnotationPresent(JsonIgnore.class)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasAnySetter(Class<?> c) {
    for (Method m : c.getMethods()) {
      if (m.isAnnotationPresent(JsonAnySetter.class)) {
        return true;
      }
    }
    return false;
  }

  /** The Go type name Kubernetes prints for a type in decoding errors, e.g. {@code []v1.Container}. */
  public static String goName(ModelType type) {
    return switch (type) {
      case Scalar s -> s.kind().goName();
      case Struct s -> "v1." + s.javaClass().getSimpleName();
      case ListOf l -> "[]" + goName(l.element());
      case MapOf m -> "map[string]" + goName(m.value());
      case FreeForm f -> "map[string]interface {}";
    };
  }
}

package io.skiff.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.Json;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a managed-fields path, as structured-merge-diff encodes it in {@code fieldsV1}: a struct or map field
 * ({@code f:image}), an element of a keyed list ({@code k:{"name":"app"}}) or a value of a set ({@code v:"x"}).
 */
public sealed interface PathElement {

  /** The {@code fieldsV1} key, e.g. {@code f:image}. */
  String encode();

  /** A named field. */
  record Field(String name) implements PathElement {
    public Field {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String encode() {
      return "f:" + name;
    }

    @Override
    public String toString() {
      return "." + name;
    }
  }

  /**
   * A list element identified by its key fields.
   *
   * @param json the key fields as compact JSON with sorted names, e.g. {@code {"name":"app"}}
   */
  record Key(String json) implements PathElement {
    public Key {
      Objects.requireNonNull(json, "json");
    }

    /** The element whose {@code field} is {@code value}. */
    public static Key of(String field, JsonNode value) {
      ObjectNode o = Json.mapper().createObjectNode();
      o.set(field, normalize(value));
      return new Key(o.toString());
    }

    /** The key fields. */
    public ObjectNode fields() {
      return (ObjectNode) parse(json);
    }

    @Override
    public String encode() {
      return "k:" + json;
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : fields().properties()) {
        parts.add(e.getKey() + "=" + e.getValue());
      }
      return "[" + String.join(",", parts) + "]";
    }
  }

  /**
   * A value of a set of primitives.
   *
   * @param json the value as compact JSON, e.g. {@code "example.com/finalizer"}
   */
  record Value(String json) implements PathElement {
    public Value {
      Objects.requireNonNull(json, "json");
    }

    public static Value of(JsonNode value) {
      return new Value(normalize(value).toString());
    }

    public JsonNode value() {
      return parse(json);
    }

    @Override
    public String encode() {
      return "v:" + json;
    }

    @Override
    public String toString() {
      return "[=" + json + "]";
    }
  }

  /** A step skiff does not interpret (e.g. a list index {@code i:0}), kept so that entries round-trip. */
  record Opaque(String encoded) implements PathElement {
    public Opaque {
      Objects.requireNonNull(encoded, "encoded");
    }

    @Override
    public String encode() {
      return encoded;
    }

    @Override
    public String toString() {
      return "[" + encoded + "]";
    }
  }

  /** Parses a {@code fieldsV1} key. */
  static PathElement decode(String encoded) {
    if (encoded.startsWith("f:")) {
      return new Field(encoded.substring(2));
    }
    if (encoded.startsWith("k:")) {
      JsonNode fields = parse(encoded.substring(2));
      if (!fields.isObject()) {
        throw new SkiffException.BadRequest("invalid managedFields key " + encoded);
      }
      ObjectNode sorted = Json.mapper().createObjectNode();
      fields.properties().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> sorted.set(e.getKey(), normalize(e.getValue())));
      return new Key(sorted.toString());
    }
    if (encoded.startsWith("v:")) {
      return Value.of(parse(encoded.substring(2)));
    }
    return new Opaque(encoded);
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new SkiffException.BadRequest("invalid managedFields key " + json + ": " + e.getOriginalMessage());
    }
  }

  /** Integral numbers in one representation, so that {@code 80} and {@code 80.0} encode alike. */
  private static JsonNode normalize(JsonNode value) {
    if (value.isNumber() && value.canConvertToExactIntegral()) {
      return Json.mapper().getNodeFactory().numberNode(value.bigIntegerValue());
    }
    return value;
  }
}

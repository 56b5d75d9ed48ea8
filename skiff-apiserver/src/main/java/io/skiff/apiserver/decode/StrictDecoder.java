package io.skiff.apiserver.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Decodes create and update bodies into fabric8 model objects with Kubernetes' field validation: every unknown and
 * every duplicated field is found (fabric8's {@code @JsonAnySetter} would otherwise swallow unknown fields), then
 * refused ({@link FieldValidation#Strict}), reported as warnings ({@link FieldValidation#Warn}) or dropped
 * ({@link FieldValidation#Ignore}). Error messages follow kube-apiserver's word for word where it has them:
 * <pre>
 * Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "matadata"
 * Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string
 * the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: … (…)
 * </pre>
 * As in Kubernetes, a body without {@code kind} or {@code apiVersion} takes them from the endpoint it was sent to.
 * Stateless and thread-safe.
 */
public final class StrictDecoder {

  /** Go's rendering of the struct the apiserver first reads a body into, to find its kind. */
  private static final String TYPE_META_STRUCT =
      "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

  private StrictDecoder() {}

  /**
   * Decodes a create or update body.
   *
   * @param type       the resource the request was sent to
   * @param body       the raw body
   * @param format     JSON or YAML (see {@link BodyFormat#forMediaType})
   * @param validation the request's {@code fieldValidation}
   * @throws SkiffException.BadRequest for malformed bodies, wrong kinds or versions, wrongly typed values, and (Strict)
   *                                   unknown or duplicated fields
   */
  public static <T extends HasMetadata> Decoded<T> decode(ResourceType type, byte[] body, BodyFormat format,
      FieldValidation validation) {
    ModelType root = ModelTypes.ofClass(type.modelClass());
    BodyReader.Outcome outcome = BodyReader.read(body, format, root);
    SchemaReader.Result result = switch (outcome) {
      case BodyReader.Read read -> read.result();
      case BodyReader.Empty empty -> {
        if (format == BodyFormat.YAML) {
          yield new SchemaReader.Result(Json.mapper().createObjectNode(), List.of(), Optional.empty());
        }
        throw unrecognized(type, "couldn't get version/kind; json parse error: unexpected end of JSON input", body);
      }
      case BodyReader.Malformed bad -> throw unrecognized(type, bad.yaml()
          ? "error converting YAML to JSON: " + bad.message()
          : "couldn't get version/kind; json parse error: " + bad.message(), body);
    };
    if (result.tree().isNull()) {
      result = new SchemaReader.Result(Json.mapper().createObjectNode(), List.of(), Optional.empty());
    }
    if (!result.tree().isObject()) {
      String what = result.tree().isArray() ? "array" : result.tree().isTextual() ? "string"
          : result.tree().isBoolean() ? "bool" : "number";
      throw unrecognized(type, "couldn't get version/kind; json parse error: json: cannot unmarshal " + what
          + " into Go value of type " + TYPE_META_STRUCT, body);
    }
    return finish(type, result, validation);
  }

  /**
   * Decodes an object given as a tree (for instance the configuration of a first server-side apply), with the same
   * checks and messages as {@link #decode}.
   */
  public static <T extends HasMetadata> Decoded<T> decodeTree(ResourceType type, JsonNode tree, FieldValidation validation) {
    if (!tree.isObject()) {
      throw unrecognized(type, "couldn't get version/kind; json parse error: json: cannot unmarshal "
          + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " into Go value of type " + TYPE_META_STRUCT,
          tree.toString().getBytes(StandardCharsets.UTF_8));
    }
    return finish(type, BodyReader.read(tree, ModelTypes.ofClass(type.modelClass())), validation);
  }

  /**
   * Converts a tree that is already known to be valid (a stored object, a checked patch result) into the model
   * class, without field validation.
   */
  public static <T> T convert(JsonNode tree, Class<T> modelClass) {
    try {
      return Json.mapper().treeToValue(tree, modelClass);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new SkiffException.BadRequest("cannot decode " + modelClass.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static <T extends HasMetadata> Decoded<T> finish(ResourceType type, SchemaReader.Result result,
      FieldValidation validation) {
    ObjectNode tree = (ObjectNode) result.tree();
    String kind = tree.path("kind").asText("");
    String apiVersion = tree.path("apiVersion").asText("");
    String shownKind = kind.isEmpty() ? type.kind() : kind;
    String shownVersion = apiVersion.isEmpty() ? type.version()
        : apiVersion.substring(apiVersion.indexOf('/') + 1);
    String prefix = shownKind + " in version \"" + shownVersion + "\" cannot be handled as a " + type.kind() + ": ";
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw new SkiffException.BadRequest(prefix + "no kind \"" + shownKind + "\" is registered for version \""
          + apiVersion + "\"");
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      String internal = type.group().isEmpty() ? "core" : type.group().substring(0, type.group().indexOf('.') < 0
          ? type.group().length() : type.group().indexOf('.'));
      throw new SkiffException.BadRequest(prefix + "converting (" + shownVersion + "." + kind + ") to (" + internal
          + "." + type.kind() + "): unknown conversion");
    }
    if (result.typeError().isPresent()) {
      throw new SkiffException.BadRequest(prefix + result.typeError().get().message());
    }
    List<String> strict = result.strictMessages();
    if (!strict.isEmpty() && validation == FieldValidation.Strict) {
      throw new SkiffException.BadRequest(prefix + "strict decoding error: " + String.join(", ", strict));
    }
    if (apiVersion.isEmpty()) {
      tree.put("apiVersion", type.apiVersion());
    }
    if (kind.isEmpty()) {
      tree.put("kind", type.kind());
    }
    @SuppressWarnings("unchecked")
    T object = (T) convert(tree, type.modelClass());
    return new Decoded<>(object, tree, validation == FieldValidation.Warn ? strict : List.of());
  }

  /** kube-apiserver's error for a body it could not even find the kind of, with its 30-byte summary of the body. */
  private static SkiffException.BadRequest unrecognized(ResourceType type, String cause, byte[] body) {
    return new SkiffException.BadRequest("the object provided is unrecognized (must be of type " + type.kind() + "): "
        + cause + " (" + summarize(body) + ")");
  }

  /** The apiserver's {@code summarizeData}: JSON objects as text, anything else in hex, cut at 30 bytes. */
  static String summarize(byte[] body) {
    if (body.length == 0) {
      return "<empty>";
    }
    int n = Math.min(body.length, 30);
    String shown = body[0] == '{'
        ? new String(body, 0, n, StandardCharsets.UTF_8)
        : HexFormat.of().formatHex(body, 0, n);
    return body.length > 30 ? shown + " ..." : shown;
  }
}

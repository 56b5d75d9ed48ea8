package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.decode.BodyFormat;
import io.skiff.apiserver.decode.BodyReader;
import io.skiff.apiserver.decode.Decoded;
import io.skiff.apiserver.decode.FieldValidation;
import io.skiff.apiserver.decode.ModelType;
import io.skiff.apiserver.decode.ModelTypes;
import io.skiff.apiserver.decode.Problem;
import io.skiff.apiserver.decode.SchemaReader;
import io.skiff.apiserver.decode.StrictDecoder;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies PATCH bodies to objects (as JSON trees) and turns the result into a model object with Kubernetes' field
 * validation. Typical use by the HTTP layer, inside the retry loop of a guaranteed update:
 * <pre>{@code
 * PatchType type = PatchType.forMediaType(contentType).orElseThrow(...415...);
 * Decoded<Pod> d = Patcher.patch(type, Json.mapper().valueToTree(current), body, ResourceTypes.PODS,
 *     PatchOptions.of(fieldManager, force, now), validation);
 * }</pre>
 * For server-side apply with no live object, pass {@code current = null}: the result is the object to create.
 * Managed fields of ordinary writes (create, update, non-apply patches) are recorded separately with
 * {@link ManagedFields#recordUpdate}, after defaulting. Stateless and thread-safe.
 */
public final class Patcher {

  private Patcher() {}

  /** Applies a JSON, merge or strategic-merge patch (server-side apply needs {@link PatchOptions}). */
  public static JsonNode apply(PatchType type, JsonNode current, byte[] body, ResourceType resource) {
    if (type == PatchType.APPLY) {
      throw new IllegalArgumentException("server-side apply needs PatchOptions (the field manager)");
    }
    return apply(type, current, body, resource, PatchOptions.of(null, false, Instant.EPOCH));
  }

  /**
   * Applies a patch body to {@code current} (not modified) and returns the patched tree.
   *
   * @throws SkiffException.BadRequest for malformed bodies and bad directives; {@code Invalid} for a JSON patch that
   *                                   does not apply; {@code Conflict} for server-side apply conflicts
   */
  public static JsonNode apply(PatchType type, JsonNode current, byte[] body, ResourceType resource,
      PatchOptions options) {
    ModelType root = ModelTypes.ofClass(resource.modelClass());
    return switch (type) {
      case JSON -> JsonPatch.apply(requireObject(current), parseJson(body, false));
      case MERGE -> MergePatch.apply(requireObject(current), parseJson(body, true));
      case STRATEGIC -> StrategicMerge.merge((ObjectNode) requireObject(current), (ObjectNode) parseJson(body, true), root);
      case APPLY -> ServerSideApply.apply(current, body, resource, options);
    };
  }

  /**
   * Applies a patch and decodes the result: {@link #apply} then {@link #decodeResult}.
   */
  public static <T extends HasMetadata> Decoded<T> patch(PatchType type, JsonNode current, byte[] body,
      ResourceType resource, PatchOptions options, FieldValidation validation) {
    JsonNode patched = apply(type, current, body, resource, options);
    return decodeResult(type, body, patched, resource, validation);
  }

  /**
   * Checks a patched tree against the schema and decodes it, with the errors kube-apiserver gives for patches: a
   * wrongly typed value, and under Strict an unknown or duplicated field (in the patch body or in the result), is a
   * 422 {@code Invalid} on field {@code patch}; under Warn the same texts come back as warnings; for server-side apply
   * duplicated keys in the YAML are a 400 under Strict.
   */
  public static <T extends HasMetadata> Decoded<T> decodeResult(PatchType type, byte[] body, JsonNode patched,
      ResourceType resource, FieldValidation validation) {
    ModelType root = ModelTypes.ofClass(resource.modelClass());
    // Kubernetes decodes merge, strategic and apply bodies strictly (duplicates count); JSON patch bodies it does not.
    List<String> strict = new ArrayList<>(type == PatchType.JSON ? List.of()
        : duplicatesIn(body, type == PatchType.APPLY ? BodyFormat.YAML : BodyFormat.JSON));
    if (type == PatchType.APPLY) {
      if (!strict.isEmpty() && validation == FieldValidation.Strict) {
        throw new SkiffException.BadRequest("error strict decoding YAML: " + String.join(", ", strict));
      }
      SchemaReader.Result checked = BodyReader.read(patched, root);
      return decoded(checked, resource, validation == FieldValidation.Warn ? strict : List.of());
    }
    SchemaReader.Result checked = BodyReader.read(patched, root);
    String shown = type == PatchType.STRATEGIC ? GoFormat.format(parseJson(body, true)) : patched.toString();
    String kind = patched.path("kind").asText("");
    String apiVersion = patched.path("apiVersion").asText("");
    if (!kind.isEmpty() && !kind.equals(resource.kind()) || !apiVersion.isEmpty() && !apiVersion.equals(resource.apiVersion())) {
      throw invalidPatch(shown, "the patched object is a " + apiVersion + " " + kind + ", not a "
          + resource.apiVersion() + " " + resource.kind());
    }
    if (checked.typeError().isPresent()) {
      throw invalidPatch(shown, checked.typeError().get().message());
    }
    strict.addAll(checked.strictMessages());
    if (!strict.isEmpty() && validation == FieldValidation.Strict) {
      throw invalidPatch(shown, "strict decoding error: " + String.join(", ", strict));
    }
    return decoded(checked, resource, validation == FieldValidation.Warn ? strict : List.of());
  }

  private static <T extends HasMetadata> Decoded<T> decoded(SchemaReader.Result checked, ResourceType resource,
      List<String> warnings) {
    ObjectNode tree = (ObjectNode) checked.tree();
    if (!tree.hasNonNull("apiVersion")) {
      tree.put("apiVersion", resource.apiVersion());
    }
    if (!tree.hasNonNull("kind")) {
      tree.put("kind", resource.kind());
    }
    @SuppressWarnings("unchecked")
    T object = (T) StrictDecoder.convert(tree, resource.modelClass());
    return new Decoded<>(object, tree, warnings);
  }

  private static SkiffException.Invalid invalidPatch(String shown, String detail) {
    return new SkiffException.Invalid("", "", List.of(FieldError.invalid("patch", shown, detail)));
  }

  private static List<String> duplicatesIn(byte[] body, BodyFormat format) {
    if (!(BodyReader.read(body, format, new ModelType.FreeForm()) instanceof BodyReader.Read read)) {
      return List.of();
    }
    return read.result().strict().stream().filter(p -> p.kind() == Problem.Kind.DUPLICATE).map(Problem::message)
        .toList();
  }

  private static JsonNode requireObject(JsonNode current) {
    if (current == null || !current.isObject()) {
      throw new IllegalArgumentException("the object to patch must be a JSON object");
    }
    return current;
  }

  /** Parses a JSON patch body; merge and strategic patches must be objects. */
  private static JsonNode parseJson(byte[] body, boolean object) {
    JsonNode tree = switch (BodyReader.read(body, BodyFormat.JSON, new ModelType.FreeForm())) {
      case BodyReader.Read read -> read.tree();
      case BodyReader.Empty empty -> throw new SkiffException.BadRequest("unexpected end of JSON input");
      case BodyReader.Malformed bad -> throw new SkiffException.BadRequest(bad.message());
    };
    if (object && !tree.isObject()) {
      throw new SkiffException.BadRequest("json: cannot unmarshal " + (tree.isArray() ? "array" : "value")
          + " into Go value of type map[string]interface {}");
    }
    return tree;
  }
}

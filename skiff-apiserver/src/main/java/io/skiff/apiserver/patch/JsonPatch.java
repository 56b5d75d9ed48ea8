package io.skiff.apiserver.patch;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.util.List;
import java.util.Set;

/** RFC 6902 JSON patch, on fabric8's zjsonpatch, with Kubernetes' limits and error classes. */
final class JsonPatch {

  /** kube-apiserver's cap on the operations of one JSON patch. */
  static final int MAX_OPERATIONS = 10_000;
  private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace", "move", "copy", "test");

  private JsonPatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw new SkiffException.BadRequest("json: cannot unmarshal " + (patch.isObject() ? "object" : "value")
          + " into Go value of type jsonpatch.Patch");
    }
    if (patch.size() > MAX_OPERATIONS) {
      throw new SkiffException.TooLarge("Request entity too large: The allowed maximum operations in a JSON patch is "
          + MAX_OPERATIONS + ", got " + patch.size());
    }
    for (JsonNode op : patch) {
      String name = op.path("op").asText("");
      if (!op.isObject() || !OPERATIONS.contains(name)) {
        throw new SkiffException.BadRequest("Unexpected kind: " + (name.isEmpty() ? "unknown" : name));
      }
      if (!op.path("path").isTextual()) {
        throw new SkiffException.BadRequest("operation missing path: " + op);
      }
    }
    JsonNode result = target;
    for (JsonNode op : patch) {
      String name = op.get("op").asText();
      String path = op.get("path").asText();
      if ((name.equals("remove") || name.equals("replace")) && missing(result, path)) {
        String key = path.substring(path.lastIndexOf('/') + 1);
        throw notApplicable(patch, "Unable to " + name + " nonexistent key: " + key + ": missing value");
      }
      try {
        result = io.fabric8.zjsonpatch.JsonPatch.apply(JsonNodeFactory.instance.arrayNode().add(op), result);
      } catch (JsonPatchException | IllegalArgumentException e) {
        throw notApplicable(patch, e.getMessage());
      }
    }
    return result;
  }

  private static boolean missing(JsonNode doc, String pointer) {
    try {
      return doc.at(JsonPointer.compile(pointer)).isMissingNode();
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Kubernetes answers 422 for a patch that does not apply to the object. */
  private static SkiffException.Invalid notApplicable(JsonNode patch, String why) {
    return new SkiffException.Invalid("", "", List.of(FieldError.invalid("patch", patch.toString(), why)));
  }
}

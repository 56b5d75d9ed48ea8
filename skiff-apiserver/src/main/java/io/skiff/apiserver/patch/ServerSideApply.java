package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.BodyFormat;
import io.skiff.apiserver.decode.BodyReader;
import io.skiff.apiserver.decode.ModelType;
import io.skiff.apiserver.decode.ModelTypes;
import io.skiff.apiserver.decode.Problem;
import io.skiff.apiserver.decode.SchemaReader;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server-side apply ({@code application/apply-patch+yaml}), in the shape of Kubernetes' field manager:
 * <ol>
 *   <li>the applied configuration must be a complete, schema-valid object of the endpoint's kind (unknown fields are
 *       refused whatever the field validation mode, as structured-merge-diff refuses them);</li>
 *   <li>without {@code force}, a field the configuration sets to a value different from the live one, and that another
 *       manager owns, is a conflict (409, Kubernetes' "Apply failed with N conflicts" text);</li>
 *   <li>fields the manager applied before and no longer applies are removed, unless another manager owns them;</li>
 *   <li>the configuration is merged into the live object with the strategic-merge rules (merge keys, sets, atomic
 *       lists);</li>
 *   <li>the manager's {@code Apply} entry becomes exactly the applied fields; fields it changed leave other entries.</li>
 * </ol>
 * When there is no live object, the result is the applied configuration itself with its {@code Apply} entry: the
 * caller creates it.
 */
final class ServerSideApply {

  private static final Set<String> BOOKKEEPING_METADATA = Set.of("uid", "creationTimestamp", "generation", "selfLink",
      "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds");

  private ServerSideApply() {}

  static ObjectNode apply(JsonNode current, byte[] body, ResourceType type, PatchOptions options) {
    String manager = options.fieldManager();
    if (manager == null || manager.isEmpty()) {
      throw new SkiffException.Invalid("PatchOptions.meta.k8s.io", "",
          List.of(FieldError.required("fieldManager", "is required for apply patch")));
    }
    ModelType root = ModelTypes.ofClass(type.modelClass());
    ObjectNode applied = parse(body, type, root);
    FieldScope scope = FieldScope.of(type, options.subresource());
    FieldSet appliedSet = FieldSets.of(applied, root, scope, FieldSets.Style.APPLY);
    ManagedFields.Entry mine = new ManagedFields.Entry(manager, ManagedFields.APPLY, type.apiVersion(),
        ManagedFields.timestamp(options.now()), options.subresource(), appliedSet);
    ObjectNode patch = configuration(applied, scope);
    if (current == null || !current.isObject() || current.isEmpty()) {
      ManagedFields.write(patch, List.of(mine));
      return patch;
    }
    List<ManagedFields.Entry> entries = ManagedFields.read(current);
    ManagedFields.Entry previous = entries.stream()
        .filter(e -> e.sameOwner(manager, ManagedFields.APPLY, options.subresource()))
        .findFirst().orElse(null);
    List<ManagedFields.Entry> others = entries.stream().filter(e -> e != previous).toList();
    FieldSet changing = changing(appliedSet, applied, current);
    if (!options.force()) {
      checkConflicts(type, current, changing, others);
    }
    ObjectNode live = ((ObjectNode) current).deepCopy();
    if (previous != null) {
      for (FieldPath gone : previous.fields().minus(appliedSet).paths()) {
        if (others.stream().noneMatch(e -> e.fields().contains(gone))) {
          FieldSets.removeAt(live, gone);
        }
      }
    }
    ObjectNode merged = StrategicMerge.merge(live, patch, root);
    FieldSet present = FieldSets.of(merged, root, FieldScope.ALL, FieldSets.Style.UPDATE);
    List<ManagedFields.Entry> next = new ArrayList<>();
    boolean placed = false;
    for (ManagedFields.Entry e : entries) {
      if (e == previous) {
        next.add(mine);
        placed = true;
        continue;
      }
      FieldSet kept = e.fields().minus(changing).intersect(present);
      if (!kept.isEmpty()) {
        next.add(e.withFields(kept));
      }
    }
    if (!placed) {
      next.add(mine);
    }
    ManagedFields.write(merged, next);
    return merged;
  }

  /** The applied leaf fields whose value differs from the live object's (new fields do not conflict). */
  private static FieldSet changing(FieldSet appliedSet, JsonNode applied, JsonNode current) {
    List<FieldPath> changing = new ArrayList<>();
    for (FieldPath p : appliedSet.paths()) {
      JsonNode want = FieldSets.valueAt(applied, p);
      JsonNode have = FieldSets.valueAt(current, p);
      if (want == null || have == null || p.last() instanceof PathElement.Key || p.last() instanceof PathElement.Value) {
        continue;
      }
      if (!Keys.equalValues(want, have)) {
        changing.add(p);
      }
    }
    return new FieldSet(Set.copyOf(changing));
  }

  private static void checkConflicts(ResourceType type, JsonNode current, FieldSet changing,
      List<ManagedFields.Entry> others) {
    Map<String, List<FieldPath>> byManager = new LinkedHashMap<>();
    List<ManagedFields.Entry> sorted = new ArrayList<>(others);
    sorted.sort(Comparator.comparing(ServerSideApply::describe));
    int count = 0;
    for (ManagedFields.Entry e : sorted) {
      List<FieldPath> paths = changing.paths().stream().filter(e.fields()::contains)
          .sorted(Comparator.comparing(FieldPath::toString)).toList();
      if (!paths.isEmpty()) {
        byManager.put(describe(e), paths);
        count += paths.size();
      }
    }
    if (count == 0) {
      return;
    }
    String message;
    if (count == 1) {
      var only = byManager.entrySet().iterator().next();
      message = "Apply failed with 1 conflict: conflict with " + only.getKey() + ": " + only.getValue().get(0);
    } else {
      List<String> lines = new ArrayList<>();
      byManager.forEach((who, paths) -> {
        lines.add("conflicts with " + who + ":");
        paths.forEach(p -> lines.add("- " + p));
      });
      message = "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    }
    String name = current.path("metadata").path("name").asText("");
    throw new SkiffException.Conflict(new SkiffException.Subject(type.groupResource(), name), message);
  }

  /** A manager as Kubernetes prints it in conflicts: {@code "kubectl-client-side-apply" using v1 at 2025-…Z}. */
  private static String describe(ManagedFields.Entry e) {
    String who = "\"" + e.manager() + "\"";
    if (!e.subresource().isEmpty()) {
      who += " with subresource \"" + e.subresource() + "\"";
    }
    if (e.operation().equals(ManagedFields.UPDATE)) {
      who += " using " + e.apiVersion() + (e.time() == null ? "" : " at " + e.time());
    }
    return who;
  }

  private static ObjectNode parse(byte[] body, ResourceType type, ModelType root) {
    String gvk = (type.group().isEmpty() ? "" : type.group()) + "/" + type.version() + ", Kind=" + type.kind();
    SchemaReader.Result result = switch (BodyReader.read(body, BodyFormat.YAML, root)) {
      case BodyReader.Read read -> read.result();
      case BodyReader.Empty empty -> throw new SkiffException.BadRequest(
          "error decoding YAML: the applied configuration is empty");
      case BodyReader.Malformed bad -> throw new SkiffException.BadRequest(
          "error decoding YAML: error converting YAML to JSON: " + bad.message());
    };
    if (!result.tree().isObject()) {
      throw new SkiffException.BadRequest("error decoding YAML: json: cannot unmarshal "
          + (result.tree().isArray() ? "array" : "value") + " into Go value of type map[string]interface {}");
    }
    ObjectNode applied = (ObjectNode) result.tree();
    String apiVersion = applied.path("apiVersion").asText("");
    if (!apiVersion.equals(type.apiVersion())) {
      throw new SkiffException.BadRequest("Incorrect version specified in apply patch. Specified patch version: "
          + apiVersion + ", expected: " + type.apiVersion());
    }
    String kind = applied.path("kind").asText("");
    if (!kind.equals(type.kind())) {
      throw new SkiffException.BadRequest("Incorrect kind specified in apply patch. Specified patch kind: " + kind
          + ", expected: " + type.kind());
    }
    if (result.typeError().isPresent()) {
      Problem.Type t = result.typeError().get();
      throw new SkiffException.BadRequest("failed to create typed patch object (" + gvk + "): ." + t.path()
          + ": expected " + t.expected() + ", got " + t.found());
    }
    List<String> unknown = result.strict().stream().filter(p -> p.kind() == Problem.Kind.UNKNOWN)
        .map(p -> "." + p.path() + ": field not declared in schema").toList();
    if (!unknown.isEmpty()) {
      throw new SkiffException.BadRequest("failed to create typed patch object (" + gvk + "): "
          + (unknown.size() == 1 ? unknown.get(0) : "errors:\n  " + String.join("\n  ", unknown)));
    }
    JsonNode managed = applied.path("metadata").get("managedFields");
    if (managed != null && !managed.isNull() && !(managed.isArray() && managed.isEmpty())) {
      throw new SkiffException.BadRequest("metadata.managedFields must be nil");
    }
    return applied;
  }

  /**
   * The applied configuration as a merge patch: no nulls, no bookkeeping metadata, and only what the endpoint may
   * change (no status through the main resource, only status through {@code /status}).
   */
  private static ObjectNode configuration(ObjectNode applied, FieldScope scope) {
    ObjectNode patch = applied.deepCopy();
    dropNulls(patch);
    patch.properties().removeIf(e -> !e.getKey().equals("apiVersion") && !e.getKey().equals("kind")
        && !e.getKey().equals("metadata") && !scope.ownsTopLevel(e.getKey()));
    JsonNode meta = patch.get("metadata");
    if (meta != null && meta.isObject()) {
      ((ObjectNode) meta).properties().removeIf(e -> BOOKKEEPING_METADATA.contains(e.getKey()));
    }
    return patch;
  }

  private static void dropNulls(JsonNode node) {
    if (node.isObject()) {
      ((ObjectNode) node).properties().removeIf(e -> e.getValue().isNull());
      node.forEach(ServerSideApply::dropNulls);
    } else if (node.isArray()) {
      node.forEach(ServerSideApply::dropNulls);
    }
  }
}

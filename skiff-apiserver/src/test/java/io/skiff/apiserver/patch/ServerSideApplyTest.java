package io.skiff.apiserver.patch;

import static io.skiff.apiserver.patch.StrategicMergeTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.apiserver.decode.Decoded;
import io.skiff.apiserver.decode.FieldValidation;
import io.skiff.apiserver.decode.Json;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

  private static final Instant T1 = Instant.parse("2025-03-01T10:00:00.123Z");
  private static final Instant T2 = Instant.parse("2025-03-01T11:00:00Z");

  private static final String CONFIG = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: demo
        labels:
          app: demo
      spec:
        containers:
        - name: app
          image: busybox:1
          args: [sleep, "3600"]
      """;

  private static JsonNode apply(JsonNode live, String config, String manager, boolean force, Instant now) {
    return Patcher.apply(PatchType.APPLY, live, bytes(config), ResourceTypes.PODS, PatchOptions.of(manager, force, now));
  }

  private static JsonNode entry(JsonNode object, String manager, String operation) {
    for (JsonNode e : object.at("/metadata/managedFields")) {
      if (e.path("manager").asText().equals(manager) && e.path("operation").asText().equals(operation)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void firstApplyReturnsTheConfigurationWithAnApplyEntry() throws JsonProcessingException {
    JsonNode created = apply(null, CONFIG, "kubectl", false, T1);

    assertThat(created.at("/spec/containers/0/image").asText()).isEqualTo("busybox:1");
    JsonNode e = entry(created, "kubectl", "Apply");
    assertThat(e).isNotNull();
    assertThat(e.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(e.path("time").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(e.path("fieldsType").asText()).isEqualTo("FieldsV1");
    assertThat(e.path("fieldsV1")).isEqualTo(Json.mapper().readTree("""
        {"f:metadata":{"f:labels":{"f:app":{}}},
         "f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:args":{},"f:image":{},"f:name":{}}}}}"""));
  }

  @Test
  void reapplyingChangesOnlyWhatTheConfigurationSays() {
    JsonNode live = apply(null, CONFIG, "kubectl", false, T1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) live.at("/metadata")).put("uid", "u-1");

    JsonNode next = apply(live, CONFIG.replace("busybox:1", "busybox:2"), "kubectl", false, T2);

    assertThat(next.at("/spec/containers/0/image").asText()).isEqualTo("busybox:2");
    assertThat(next.at("/metadata/uid").asText()).isEqualTo("u-1");
    assertThat(entry(next, "kubectl", "Apply").path("time").asText()).isEqualTo("2025-03-01T11:00:00Z");
  }

  @Test
  void fieldsNoLongerAppliedAreRemoved() {
    JsonNode live = apply(null, CONFIG.replace("    app: demo", "    app: demo\n    tier: web"), "kubectl", false, T1);
    assertThat(live.at("/metadata/labels/tier").asText()).isEqualTo("web");

    JsonNode next = apply(live, CONFIG, "kubectl", false, T2);

    assertThat(next.at("/metadata/labels/tier").isMissingNode()).isTrue();
    assertThat(next.at("/metadata/labels/app").asText()).isEqualTo("demo");
  }

  @Test
  void fieldsAlsoOwnedByAnotherManagerAreKeptWhenNoLongerApplied() {
    JsonNode live = apply(null, CONFIG.replace("    app: demo", "    app: demo\n    tier: web"), "kubectl", false, T1);
    live = apply(live, CONFIG.replace("    app: demo", "    tier: web"), "other", false, T1);

    JsonNode next = apply(live, CONFIG, "kubectl", false, T2);

    assertThat(next.at("/metadata/labels/tier").asText()).isEqualTo("web");
  }

  @Test
  void changingAFieldAnotherManagerOwnsIsAConflict() {
    JsonNode live = ManagedFields.recordUpdate(null, apply(null, CONFIG, "kubectl", false, T1).deepCopy(),
        ResourceTypes.PODS, "kubectl-client-side-apply", "", T1);

    assertThatThrownBy(() -> apply(live, CONFIG.replace("app: demo", "app: other"), "kubectl", false, T2))
        .isInstanceOf(SkiffException.Conflict.class)
        .hasMessageEndingWith("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1 at "
            + "2025-03-01T10:00:00Z: .metadata.labels.app");
  }

  @Test
  void severalConflictsAreListedPerManager() {
    JsonNode live = apply(null, CONFIG, "ci", false, T1);

    assertThatThrownBy(() -> apply(live, CONFIG.replace("app: demo", "app: other").replace("busybox:1", "busybox:9"),
        "kubectl", false, T2))
        .isInstanceOf(SkiffException.Conflict.class)
        .hasMessageEndingWith("Apply failed with 2 conflicts: conflicts with \"ci\":\n"
            + "- .metadata.labels.app\n- .spec.containers[name=\"app\"].image");
  }

  @Test
  void forceTakesConflictingFieldsOver() {
    JsonNode live = apply(null, CONFIG, "ci", false, T1);

    JsonNode next = apply(live, CONFIG.replace("busybox:1", "busybox:9"), "kubectl", true, T2);

    assertThat(next.at("/spec/containers/0/image").asText()).isEqualTo("busybox:9");
    String ci = entry(next, "ci", "Apply").path("fieldsV1").toString();
    String kubectl = entry(next, "kubectl", "Apply").path("fieldsV1").toString();
    assertThat(ci).doesNotContain("f:image").contains("f:args");
    assertThat(kubectl).contains("f:image");
  }

  @Test
  void applyingTheSameValueSharesOwnership() {
    JsonNode live = apply(null, CONFIG, "ci", false, T1);

    JsonNode next = apply(live, CONFIG, "kubectl", false, T2);

    assertThat(entry(next, "ci", "Apply").path("fieldsV1").toString()).contains("f:image");
    assertThat(entry(next, "kubectl", "Apply").path("fieldsV1").toString()).contains("f:image");
  }

  @Test
  void unknownFieldsAreRefusedWhateverTheValidationMode() {
    assertThatThrownBy(() -> apply(null, CONFIG + "  foo: 1\n", "kubectl", false, T1))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("failed to create typed patch object (/v1, Kind=Pod): .spec.foo: field not declared in schema");
  }

  @Test
  void applyNeedsAFieldManager() {
    assertThatThrownBy(() -> apply(null, CONFIG, null, false, T1))
        .isInstanceOf(SkiffException.Invalid.class)
        .hasMessage("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
  }

  @Test
  void applyNeedsTheEndpointsVersionAndKind() {
    assertThatThrownBy(() -> apply(null, CONFIG.replace("apiVersion: v1", "apiVersion: v2"), "kubectl", false, T1))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("Incorrect version specified in apply patch. Specified patch version: v2, expected: v1");
  }

  @Test
  void kubectlSendsJsonAsApplyYaml() throws JsonProcessingException {
    String json = Json.mapper().writeValueAsString(Json.yaml().readTree(CONFIG));

    JsonNode created = apply(null, json, "kubectl", false, T1);

    assertThat(created.at("/metadata/name").asText()).isEqualTo("demo");
  }

  @Test
  void duplicateKeysInTheAppliedYamlAreRefusedUnderStrict() {
    String dup = CONFIG.replace("    app: demo", "    app: demo\n    app: again");
    JsonNode created = apply(null, dup, "kubectl", false, T1);

    assertThatThrownBy(() -> Patcher.decodeResult(PatchType.APPLY, bytes(dup), created, ResourceTypes.PODS,
        FieldValidation.Strict))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("error strict decoding YAML: duplicate field \"metadata.labels.app\"");
    Decoded<Pod> warned = Patcher.decodeResult(PatchType.APPLY, bytes(dup), created, ResourceTypes.PODS,
        FieldValidation.Warn);
    assertThat(warned.warnings()).containsExactly("duplicate field \"metadata.labels.app\"");
    assertThat(warned.object().getMetadata().getManagedFields()).hasSize(1);
  }

  @Test
  void statusIsNotAppliedThroughTheMainResource() {
    JsonNode created = apply(null, CONFIG + "status:\n  phase: Running\n", "kubectl", false, T1);

    assertThat(created.has("status")).isFalse();
    assertThat(entry(created, "kubectl", "Apply").path("fieldsV1").has("f:status")).isFalse();
  }

  @Test
  void updatesRecordTheChangedFieldsAndTakeThemFromOthers() {
    JsonNode applied = apply(null, CONFIG, "kubectl", false, T1);
    JsonNode edited = applied.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) edited.at("/metadata/labels")).put("app", "edited");
    ((com.fasterxml.jackson.databind.node.ObjectNode) edited.at("/metadata/labels")).put("new", "x");

    JsonNode recorded = ManagedFields.recordUpdate(applied, edited, ResourceTypes.PODS, "kubectl-edit", "", T2);

    List<ManagedFields.Entry> entries = ManagedFields.read(recorded);
    assertThat(entries).extracting(ManagedFields.Entry::manager).containsExactly("kubectl", "kubectl-edit");
    FieldSet edit = entries.get(1).fields();
    assertThat(edit.paths()).containsExactlyInAnyOrder(FieldPath.of("metadata", "labels", "app"),
        FieldPath.of("metadata", "labels", "new"));
    assertThat(entries.get(0).fields().contains(FieldPath.of("metadata", "labels", "app"))).isFalse();
  }

  @Test
  void createRecordsEveryFieldWithMapMarkers() throws JsonProcessingException {
    JsonNode pod = Json.mapper().readTree("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","labels":{"a":"b"},"finalizers":["f"]},
         "spec":{"containers":[{"name":"c","image":"i"}],"restartPolicy":"Always"},"status":{"phase":"Pending"}}""");

    JsonNode recorded = ManagedFields.recordUpdate(null, pod, ResourceTypes.PODS, "kubectl-create", "", T1);

    JsonNode e = entry(recorded, "kubectl-create", "Update");
    assertThat(e.path("fieldsV1")).isEqualTo(Json.mapper().readTree("""
        {"f:metadata":{"f:finalizers":{".":{},"v:\\"f\\"":{}},"f:labels":{".":{},"f:a":{}}},
         "f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:image":{},"f:name":{}}},"f:restartPolicy":{}}}"""));
  }

  @Test
  void fieldsV1RoundTrips() throws JsonProcessingException {
    JsonNode v1 = Json.mapper().readTree("""
        {"f:metadata":{"f:labels":{".":{},"f:app":{}}},
         "f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},
           "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}""");

    FieldSet set = FieldSet.fromFieldsV1(v1);

    assertThat(set.toFieldsV1()).isEqualTo(v1);
    assertThat(set.paths()).extracting(FieldPath::toString).contains(
        ".spec.containers[name=\"app\"].ports[containerPort=80,protocol=\"TCP\"].containerPort");
  }
}

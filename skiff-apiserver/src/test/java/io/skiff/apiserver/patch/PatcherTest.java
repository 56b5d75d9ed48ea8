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
import org.junit.jupiter.api.Test;

class PatcherTest {

  private static final String LIVE = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"demo","labels":{"app":"demo"}},
       "spec":{"containers":[{"name":"a","image":"busybox","args":["x"]}]}}""";
  private static final PatchOptions NO_MANAGER = PatchOptions.of(null, false, Instant.EPOCH);

  private static JsonNode live() throws JsonProcessingException {
    return Json.mapper().readTree(LIVE);
  }

  @Test
  void mergePatchMergesObjectsReplacesListsAndDeletesNulls() throws JsonProcessingException {
    JsonNode result = Patcher.apply(PatchType.MERGE, live(), bytes("""
        {"metadata":{"labels":{"app":null,"tier":"web"}},"spec":{"containers":[{"name":"z","image":"i"}]}}"""),
        ResourceTypes.PODS);

    assertThat(result.at("/metadata/labels")).isEqualTo(Json.mapper().readTree("{\"tier\":\"web\"}"));
    assertThat(result.at("/metadata/name").asText()).isEqualTo("demo");
    assertThat(result.at("/spec/containers")).isEqualTo(Json.mapper().readTree("[{\"name\":\"z\",\"image\":\"i\"}]"));
  }

  @Test
  void jsonPatchAppliesOperationsInOrder() throws JsonProcessingException {
    JsonNode result = Patcher.apply(PatchType.JSON, live(), bytes("""
        [{"op":"add","path":"/metadata/labels/tier","value":"web"},
         {"op":"replace","path":"/spec/containers/0/image","value":"nginx"},
         {"op":"remove","path":"/spec/containers/0/args"},
         {"op":"test","path":"/metadata/name","value":"demo"}]"""), ResourceTypes.PODS);

    assertThat(result.at("/metadata/labels/tier").asText()).isEqualTo("web");
    assertThat(result.at("/spec/containers/0/image").asText()).isEqualTo("nginx");
    assertThat(result.at("/spec/containers/0/args").isMissingNode()).isTrue();
  }

  @Test
  void jsonPatchThatDoesNotApplyIsInvalid() {
    assertThatThrownBy(() -> Patcher.apply(PatchType.JSON, live(),
        bytes("[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]"), ResourceTypes.PODS))
        .isInstanceOf(SkiffException.Invalid.class)
        .hasMessageStartingWith(" \"\" is invalid: patch: Invalid value: ");
    assertThatThrownBy(() -> Patcher.apply(PatchType.JSON, live(),
        bytes("[{\"op\":\"remove\",\"path\":\"/metadata/nope\"}]"), ResourceTypes.PODS))
        .isInstanceOf(SkiffException.Invalid.class);
  }

  @Test
  void malformedJsonPatchesAreBadRequests() {
    assertThatThrownBy(() -> Patcher.apply(PatchType.JSON, live(), bytes("{\"op\":\"add\"}"), ResourceTypes.PODS))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    assertThatThrownBy(() -> Patcher.apply(PatchType.JSON, live(), bytes("[{\"op\":\"frobnicate\",\"path\":\"/a\"}]"),
        ResourceTypes.PODS))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("Unexpected kind: frobnicate");
  }

  @Test
  void patchedUnknownFieldIsInvalidUnderStrict() {
    byte[] body = bytes("{\"spec\":{\"containers\":[{\"name\":\"a\",\"imagee\":\"x\"}]}}");

    assertThatThrownBy(() -> Patcher.patch(PatchType.STRATEGIC, live(), body, ResourceTypes.PODS, NO_MANAGER,
        FieldValidation.Strict))
        .isInstanceOf(SkiffException.Invalid.class)
        .hasMessage(" \"\" is invalid: patch: Invalid value: \"map[spec:map[containers:[map[imagee:x name:a]]]]\": "
            + "strict decoding error: unknown field \"spec.containers[0].imagee\"");
  }

  @Test
  void patchedUnknownFieldIsAWarningUnderWarnAndIsDropped() throws JsonProcessingException {
    Decoded<Pod> d = Patcher.patch(PatchType.MERGE, live(), bytes("{\"spec\":{\"foo\":1},\"metadata\":{\"labels\":"
        + "{\"a\":\"1\",\"a\":\"2\"}}}"), ResourceTypes.PODS, NO_MANAGER, FieldValidation.Warn);

    assertThat(d.warnings()).containsExactly("duplicate field \"metadata.labels.a\"", "unknown field \"spec.foo\"");
    assertThat(d.tree().at("/spec/foo").isMissingNode()).isTrue();
    assertThat(d.object().getMetadata().getLabels()).containsEntry("a", "2");
  }

  @Test
  void patchedWrongTypeIsInvalidInEveryMode() {
    assertThatThrownBy(() -> Patcher.patch(PatchType.MERGE, live(), bytes("{\"spec\":{\"hostNetwork\":\"yes\"}}"),
        ResourceTypes.PODS, NO_MANAGER, FieldValidation.Ignore))
        .isInstanceOf(SkiffException.Invalid.class)
        .hasMessageEndingWith(": json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool");
  }

  @Test
  void patchDecodesIntoTheModel() throws JsonProcessingException {
    Decoded<Pod> d = Patcher.patch(PatchType.STRATEGIC, live(),
        bytes("{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}"), ResourceTypes.PODS, NO_MANAGER, FieldValidation.Strict);

    assertThat(d.object().getMetadata().getLabels()).containsEntry("app", "demo").containsEntry("tier", "web");
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void patchTypesFollowTheContentType() {
    assertThat(PatchType.forMediaType("application/strategic-merge-patch+json; charset=utf-8"))
        .contains(PatchType.STRATEGIC);
    assertThat(PatchType.forMediaType("application/apply-patch+yaml")).contains(PatchType.APPLY);
    assertThat(PatchType.forMediaType("application/json")).isEmpty();
  }
}

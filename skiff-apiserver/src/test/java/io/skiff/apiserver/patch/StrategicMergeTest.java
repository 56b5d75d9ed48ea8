package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.decode.Json;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrategicMergeTest {

  /** The live pod every case patches. */
  private static final String LIVE = """
      {"apiVersion":"v1","kind":"Pod",
       "metadata":{"name":"demo","namespace":"default","labels":{"app":"demo"},"finalizers":["x","y"],
         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{old}"}},
       "spec":{
         "containers":[
           {"name":"a","image":"busybox:1","args":["sleep","1"],
            "env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}],
            "ports":[{"containerPort":80,"protocol":"TCP"}],
            "volumeMounts":[{"name":"data","mountPath":"/data"}]},
           {"name":"b","image":"nginx:1"}],
         "volumes":[{"name":"data","emptyDir":{}}],
         "tolerations":[{"key":"k","operator":"Exists"}]}}""";

  record Case(String name, String patch, String path, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("kubectl apply's label change adds the label and replaces the annotation",
            "{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{new}\"},"
                + "\"labels\":{\"tier\":\"web\"}}}",
            "/metadata",
            "{\"name\":\"demo\",\"namespace\":\"default\",\"labels\":{\"app\":\"demo\",\"tier\":\"web\"},"
                + "\"finalizers\":[\"x\",\"y\"],"
                + "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{new}\"}}"),
        new Case("containers merge by name",
            "{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"nginx:2\"}]}}",
            "/spec/containers/1",
            "{\"name\":\"b\",\"image\":\"nginx:2\"}"),
        new Case("a merged container keeps its other fields",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"busybox:2\"}]}}",
            "/spec/containers/0/env",
            "[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"2\"}]"),
        new Case("a new container without $setElementOrder goes first, as Kubernetes orders it",
            "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"redis\"}]}}",
            "/spec/containers",
            null),
        new Case("$setElementOrder puts a new container where it says",
            "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}],"
                + "\"containers\":[{\"name\":\"c\",\"image\":\"redis\"}]}}",
            "/spec/containers/2",
            "{\"name\":\"c\",\"image\":\"redis\"}"),
        new Case("$setElementOrder alone reorders",
            "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}",
            "/spec/containers/0/name",
            "\"b\""),
        new Case("$patch delete removes a container",
            "{\"spec\":{\"containers\":[{\"name\":\"b\",\"$patch\":\"delete\"}]}}",
            "/spec/containers/1",
            null),
        new Case("$patch replace replaces a list",
            "{\"spec\":{\"containers\":[{\"name\":\"n\",\"image\":\"i\"},{\"$patch\":\"replace\"}]}}",
            "/spec/containers",
            "[{\"name\":\"n\",\"image\":\"i\"}]"),
        new Case("$patch replace replaces a map",
            "{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"only\":\"this\"}}}",
            "/metadata/labels",
            "{\"only\":\"this\"}"),
        new Case("$patch delete empties a map",
            "{\"metadata\":{\"labels\":{\"$patch\":\"delete\"}}}",
            "/metadata/labels",
            "{}"),
        new Case("env merges by name and keeps the live order",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"Y\",\"value\":\"3\"},"
                + "{\"name\":\"Z\",\"value\":\"4\"}]}]}}",
            "/spec/containers/0/env",
            "[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"3\"},{\"name\":\"Z\",\"value\":\"4\"}]"),
        new Case("volumeMounts merge by mountPath",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"volumeMounts\":[{\"mountPath\":\"/data\",\"readOnly\":true}]}]}}",
            "/spec/containers/0/volumeMounts",
            "[{\"name\":\"data\",\"mountPath\":\"/data\",\"readOnly\":true}]"),
        new Case("ports merge by containerPort, numbers compared by value",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":80.0,\"name\":\"http\"}]}]}}",
            "/spec/containers/0/ports/0/name",
            "\"http\""),
        new Case("null deletes a key",
            "{\"metadata\":{\"labels\":{\"app\":null}}}",
            "/metadata/labels",
            "{}"),
        new Case("null deletes a whole field",
            "{\"spec\":{\"tolerations\":null}}",
            "/spec/tolerations",
            null),
        new Case("lists without merge key are replaced",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"args\":[\"sleep\",\"9\"]}],"
                + "\"tolerations\":[{\"key\":\"other\",\"operator\":\"Exists\"}]}}",
            "/spec/tolerations",
            "[{\"key\":\"other\",\"operator\":\"Exists\"}]"),
        new Case("args without merge key are replaced",
            "{\"spec\":{\"containers\":[{\"name\":\"a\",\"args\":[\"sleep\",\"9\"]}]}}",
            "/spec/containers/0/args",
            "[\"sleep\",\"9\"]"),
        new Case("finalizers are a set: union",
            "{\"metadata\":{\"finalizers\":[\"y\",\"z\"]}}",
            "/metadata/finalizers",
            "[\"x\",\"y\",\"z\"]"),
        new Case("$deleteFromPrimitiveList removes from a set",
            "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"x\"]}}",
            "/metadata/finalizers",
            "[\"y\"]"),
        new Case("$retainKeys clears the other volume source",
            "{\"spec\":{\"volumes\":[{\"name\":\"data\",\"hostPath\":{\"path\":\"/srv\"},"
                + "\"$retainKeys\":[\"name\",\"hostPath\"]}]}}",
            "/spec/volumes/0",
            "{\"name\":\"data\",\"hostPath\":{\"path\":\"/srv\"}}"),
        new Case("a new field inside a new list element keeps no directive",
            "{\"spec\":{\"initContainers\":[{\"name\":\"i\",\"image\":\"x\",\"env\":[{\"name\":\"E\",\"value\":\"1\"}]}]}}",
            "/spec/initContainers",
            "[{\"name\":\"i\",\"image\":\"x\",\"env\":[{\"name\":\"E\",\"value\":\"1\"}]}]"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void strategicMergePatch(Case c) throws JsonProcessingException {
    JsonNode result = smp(c.patch());

    JsonNode at = result.at(c.path());
    if (c.expected() == null && c.name().contains("goes first")) {
      assertThat(at).extracting(n -> n.get("name").asText()).containsExactly("c", "a", "b");
    } else if (c.expected() == null) {
      assertThat(at.isMissingNode()).as(at.toString()).isTrue();
    } else {
      assertThat(at).isEqualTo(Json.mapper().readTree(c.expected()));
    }
  }

  @Test
  void theLiveObjectIsNotModified() throws JsonProcessingException {
    JsonNode live = Json.mapper().readTree(LIVE);
    JsonNode copy = live.deepCopy();

    Patcher.apply(PatchType.STRATEGIC, live, bytes("{\"metadata\":{\"labels\":null}}"), ResourceTypes.PODS);

    assertThat(live).isEqualTo(copy);
  }

  @Test
  void anElementWithoutItsMergeKeyIsABadRequest() {
    assertThatThrownBy(() -> smp("{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("map: map[image:x] does not contain declared merge key: name");
  }

  @Test
  void anUnknownDirectiveIsABadRequest() {
    assertThatThrownBy(() -> smp("{\"metadata\":{\"labels\":{\"$patch\":\"shuffle\"}}}"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("unknown patch type: shuffle in map: map[$patch:shuffle]");
  }

  @Test
  void retainKeysMustNameEveryPatchedField() {
    assertThatThrownBy(() -> smp(
        "{\"spec\":{\"volumes\":[{\"name\":\"data\",\"hostPath\":{\"path\":\"/srv\"},\"$retainKeys\":[\"name\"]}]}}"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("invalid patch format of retainKeys");
  }

  @Test
  void aPatchThatIsNotAnObjectIsABadRequest() {
    assertThatThrownBy(() -> smp("[1]"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("json: cannot unmarshal array into Go value of type map[string]interface {}");
    assertThatThrownBy(() -> smp("{\"metadata\":"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessageContaining("line 1");
  }

  private static JsonNode smp(String patch) throws JsonProcessingException {
    return Patcher.apply(PatchType.STRATEGIC, Json.mapper().readTree(LIVE), bytes(patch), ResourceTypes.PODS);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

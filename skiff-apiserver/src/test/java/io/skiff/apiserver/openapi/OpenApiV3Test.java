package io.skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.decode.Json;
import io.skiff.apiserver.resource.ResourceTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiV3Test {

  private static OpenApiV3 openApi;
  private static JsonNode core;

  @BeforeAll
  static void generate() throws IOException {
    openApi = OpenApiV3.forServedTypes();
    core = Json.mapper().readTree(openApi.groupVersionJson("api/v1").orElseThrow());
  }

  private static JsonNode schema(String name) {
    return core.path("components").path("schemas").path(name);
  }

  @Test
  void rootListsEveryGroupVersionWithItsHash() throws IOException {
    JsonNode root = Json.mapper().readTree(openApi.rootJson());

    assertThat(root.path("paths").properties()).extracting(Map.Entry::getKey)
        .containsExactly("api/v1", "apis/coordination.k8s.io/v1", "apis/events.k8s.io/v1", "apis/scheduling.k8s.io/v1",
            "apis/policy/v1");
    String hash = openApi.hash("api/v1").orElseThrow();
    assertThat(hash).matches("[0-9A-F]{128}");
    assertThat(root.at("/paths/api~1v1/serverRelativeURL").asText()).isEqualTo("/openapi/v3/api/v1?hash=" + hash);
    assertThat(openApi.etag("api/v1")).contains("\"" + hash + "\"");
    assertThat(openApi.groupVersionJson("apis/apps/v1")).isEmpty();
  }

  @Test
  void podPatchOperationLetsKubectlHandValidationToTheServer() {
    JsonNode patch = core.path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}").path("patch");

    assertThat(patch.path("x-kubernetes-group-version-kind"))
        .isEqualTo(Json.mapper().createObjectNode().put("group", "").put("kind", "Pod").put("version", "v1"));
    assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
    assertThat(queryParameters(patch)).contains("fieldValidation", "fieldManager", "dryRun", "force");
    assertThat(patch.path("requestBody").path("content").properties()).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml");
  }

  @Test
  void everyPatchOfAKindDeclaresFieldValidationBecauseKubectlChecksTheFirstItFinds() {
    List<String> patchesWithout = new ArrayList<>();
    for (String gv : openApi.groupVersionPaths()) {
      JsonNode doc = read(gv);
      doc.path("paths").properties().forEach(p -> {
        JsonNode op = p.getValue().path("patch");
        if (!op.isMissingNode() && !queryParameters(op).contains("fieldValidation")) {
          patchesWithout.add(p.getKey());
        }
      });
    }
    assertThat(patchesWithout).isEmpty();
  }

  @Test
  void podsHaveEveryVerbOnCollectionItemAllNamespacesAndStatusPaths() {
    JsonNode paths = core.path("paths");

    JsonNode collection = paths.path("/api/v1/namespaces/{namespace}/pods");
    assertThat(collection.path("get").path("x-kubernetes-action").asText()).isEqualTo("list");
    assertThat(collection.path("post").path("x-kubernetes-action").asText()).isEqualTo("post");
    assertThat(collection.path("delete").path("x-kubernetes-action").asText()).isEqualTo("deletecollection");
    assertThat(queryParameters(collection.path("get"))).contains("labelSelector", "fieldSelector", "limit",
        "continue", "resourceVersion", "watch", "timeoutSeconds", "allowWatchBookmarks");
    assertThat(queryParameters(collection.path("post"))).contains("dryRun", "fieldManager", "fieldValidation");
    JsonNode item = paths.path("/api/v1/namespaces/{namespace}/pods/{name}");
    assertThat(item.path("get").path("operationId").asText()).isEqualTo("readCoreV1NamespacedPod");
    assertThat(item.path("put").path("x-kubernetes-action").asText()).isEqualTo("put");
    assertThat(item.path("delete").path("x-kubernetes-action").asText()).isEqualTo("delete");
    assertThat(paths.path("/api/v1/pods").path("get").path("operationId").asText())
        .isEqualTo("listCoreV1PodForAllNamespaces");
    assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/status").path("patch")
        .path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Pod");
    assertThat(paths.path("/api/v1/nodes/{name}").path("get").path("operationId").asText())
        .isEqualTo("readCoreV1Node");
  }

  @Test
  void leasesAndEventsHaveTheirGroupsDocuments() {
    JsonNode leases = read("apis/coordination.k8s.io/v1");

    assertThat(leases.path("paths").path("/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}")
        .path("patch").path("x-kubernetes-group-version-kind").path("group").asText()).isEqualTo("coordination.k8s.io");
    assertThat(leases.at("/components/schemas/io.k8s.api.coordination.v1.LeaseSpec/properties/renewTime/allOf/0/$ref")
        .asText()).isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime");
    assertThat(read("apis/events.k8s.io/v1").at("/components/schemas/io.k8s.api.events.v1.Event/"
        + "x-kubernetes-group-version-kind/0/group").asText()).isEqualTo("events.k8s.io");
  }

  @Test
  void podContainerAndSpecSchemasCarryDescriptionsForExplain() {
    JsonNode pod = schema("io.k8s.api.core.v1.Pod");
    assertThat(pod.path("description").asText()).isNotBlank();
    assertThat(pod.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Pod");
    assertThat(pod.at("/properties/spec/allOf/0/$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.PodSpec");
    assertThat(pod.at("/properties/metadata/description").asText()).isNotBlank();

    JsonNode spec = schema("io.k8s.api.core.v1.PodSpec");
    assertThat(spec.path("description").asText()).isNotBlank();
    assertThat(spec.at("/properties/initContainers/description").asText()).contains("one at a time");
    assertThat(spec.path("required")).extracting(JsonNode::asText).containsExactly("containers");

    JsonNode container = schema("io.k8s.api.core.v1.Container");
    assertThat(container.at("/properties/imagePullPolicy/description").asText()).contains("IfNotPresent");
    assertThat(container.at("/properties/image/type").asText()).isEqualTo("string");
    assertThat(container.path("required")).extracting(JsonNode::asText).containsExactly("name");
  }

  @Test
  void mergeKeyedListsCarryThePatchExtensions() {
    JsonNode containers = schema("io.k8s.api.core.v1.PodSpec").at("/properties/containers");
    assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
    assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
    assertThat(containers.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(containers.at("/items/allOf/0/$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");

    assertThat(schema("io.k8s.api.core.v1.PodSpec").at("/properties/volumes/x-kubernetes-patch-strategy").asText())
        .isEqualTo("merge,retainKeys");
    assertThat(schema("io.k8s.api.core.v1.Container").at("/properties/volumeMounts/x-kubernetes-patch-merge-key")
        .asText()).isEqualTo("mountPath");
    assertThat(schema("io.k8s.api.core.v1.Container").at("/properties/ports/x-kubernetes-list-map-keys"))
        .extracting(JsonNode::asText).containsExactly("containerPort", "protocol");
    assertThat(schema("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").at("/properties/finalizers/x-kubernetes-list-type")
        .asText()).isEqualTo("set");
    assertThat(schema("io.k8s.api.core.v1.PodSpec").at("/properties/tolerations/x-kubernetes-patch-strategy")
        .isMissingNode()).isTrue();
  }

  @Test
  void specialTypesAreFormattedStrings() {
    assertThat(schema("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").at("/properties/creationTimestamp/allOf/0/$ref")
        .asText()).isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
    assertThat(schema("io.k8s.apimachinery.pkg.apis.meta.v1.Time").path("format").asText()).isEqualTo("date-time");
    assertThat(schema("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asText())
        .isEqualTo("int-or-string");
    assertThat(schema("io.k8s.apimachinery.pkg.api.resource.Quantity").path("type").asText()).isEqualTo("string");
    assertThat(schema("io.k8s.api.core.v1.ResourceRequirements").at("/properties/limits/additionalProperties/$ref")
        .asText()).isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
    assertThat(schema("io.k8s.api.core.v1.Secret").at("/properties/data/additionalProperties/format").asText())
        .isEqualTo("byte");
    assertThat(schema("io.k8s.api.core.v1.ContainerPort").at("/properties/containerPort/format").asText())
        .isEqualTo("int32");
    assertThat(schema("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").at("/properties/labels/additionalProperties/type")
        .asText()).isEqualTo("string");
  }

  @Test
  void everyReferenceResolves() {
    for (String gv : openApi.groupVersionPaths()) {
      JsonNode doc = read(gv);
      List<String> refs = doc.findValuesAsText("$ref");
      assertThat(refs).isNotEmpty();
      for (String ref : refs) {
        String name = ref.substring("#/components/schemas/".length());
        assertThat(doc.path("components").path("schemas").has(name)).as(gv + " " + ref).isTrue();
      }
    }
  }

  @Test
  void listKindsAreTopLevelKindsToo() {
    assertThat(schema("io.k8s.api.core.v1.PodList").at("/x-kubernetes-group-version-kind/0/kind").asText())
        .isEqualTo("PodList");
    assertThat(schema("io.k8s.api.core.v1.PodList").at("/properties/items/items/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Pod");
  }

  @Test
  void documentsAreStableAcrossGenerations() {
    OpenApiV3 again = new OpenApiV3(ResourceTypes.ALL);

    assertThat(again.hash("api/v1")).isEqualTo(openApi.hash("api/v1"));
    assertThat(again.rootJson()).isEqualTo(openApi.rootJson());
  }

  private static JsonNode read(String gv) {
    try {
      return Json.mapper().readTree(openApi.groupVersionJson(gv).orElseThrow());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> queryParameters(JsonNode op) {
    List<String> names = new ArrayList<>();
    op.path("parameters").forEach(p -> {
      if (p.path("in").asText().equals("query")) {
        names.add(p.path("name").asText());
      }
    });
    return names;
  }
}

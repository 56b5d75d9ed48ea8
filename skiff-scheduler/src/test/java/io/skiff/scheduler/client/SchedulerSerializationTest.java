package io.skiff.scheduler.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SchedulerSerializationTest {
  private final SchedulerSerialization json = new SchedulerSerialization();
  private final KubernetesSerialization fabric8 = new KubernetesSerialization();

  private static Pod pod() {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u1").withResourceVersion("42")
        .addToLabels("app", "web").addToAnnotations("a", "b")
        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update").withApiVersion("v1")
            .withFieldsType("FieldsV1").withTime("2026-01-01T00:00:00Z").build())
        .endMetadata()
        .withNewSpec().withSchedulerName("default-scheduler").withNodeName("n1")
        .addNewContainer().withName("c").withImage("pause").withNewResources().addToRequests("cpu", new Quantity("100m")).endResources()
        .endContainer().addNewToleration().withKey("k").withOperator("Exists").endToleration().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus()
        .build();
  }

  private static Pod withoutManagedFields(Pod pod) {
    Pod copy = new PodBuilder(pod).build();
    copy.getMetadata().setManagedFields(new java.util.ArrayList<>());
    return copy;
  }

  @Test
  void aWatchEventsPodIsDecodedAsFabric8DecodesItButWithoutManagedFields() {
    Pod pod = pod();
    String event = "{\"type\":\"MODIFIED\",\"object\":" + fabric8.asJson(pod) + "}";

    WatchEvent decoded = json.unmarshal(event, WatchEvent.class);

    assertThat(decoded.getType()).isEqualTo("MODIFIED");
    assertThat(decoded.getObject()).isInstanceOf(Pod.class).isEqualTo(withoutManagedFields(pod));
    WatchEvent byFabric8 = fabric8.unmarshal(event, WatchEvent.class);
    assertThat(decoded.getObject()).isEqualTo(withoutManagedFields((Pod) byFabric8.getObject()));
  }

  @Test
  void anObjectWhoseKindComesLaterIsStillDecodedIntoItsClass() {
    String event = "{\"object\":{\"metadata\":{\"name\":\"p\",\"managedFields\":[{\"manager\":\"m\"}]},\"kind\":\"Pod\",\"apiVersion\":\"v1\","
        + "\"spec\":{\"nodeName\":\"n1\"}},\"type\":\"ADDED\"}";

    WatchEvent decoded = json.unmarshal(event, WatchEvent.class);

    assertThat(decoded.getType()).isEqualTo("ADDED");
    assertThat(decoded.getObject()).isInstanceOfSatisfying(Pod.class, p -> {
      assertThat(p.getMetadata().getName()).isEqualTo("p");
      assertThat(p.getMetadata().getManagedFields()).isEmpty();
      assertThat(p.getSpec().getNodeName()).isEqualTo("n1");
    });
  }

  @Test
  void anErrorEventCarriesTheStatus() {
    String event = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":410,"
        + "\"reason\":\"Expired\",\"message\":\"too old resource version\"}}";

    WatchEvent decoded = json.unmarshal(event, WatchEvent.class);

    assertThat(decoded.getObject()).isInstanceOfSatisfying(Status.class, s -> {
      assertThat(s.getCode()).isEqualTo(410);
      assertThat(s.getReason()).isEqualTo("Expired");
    });
  }

  @Test
  void anUnknownKindBecomesAGenericResourceAsWithFabric8() {
    String event = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
        + "\"spec\":{\"size\":3}}}";

    WatchEvent decoded = json.unmarshal(event, WatchEvent.class);

    assertThat(decoded.getObject()).isInstanceOfSatisfying(GenericKubernetesResource.class, r -> {
      assertThat(r.getKind()).isEqualTo("Widget");
      assertThat(r.getMetadata().getName()).isEqualTo("w");
    });
  }

  @Test
  void aBookmarkWithOnlyTypeMetaAndMetadataIsDecoded() {
    String event = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"77\"}}}";

    WatchEvent decoded = json.unmarshal(event, WatchEvent.class);

    assertThat(decoded.getObject()).isInstanceOfSatisfying(Pod.class, p -> assertThat(p.getMetadata().getResourceVersion()).isEqualTo("77"));
  }

  @Test
  void managedFieldsAreStillWrittenWhenSet() {
    assertThat(json.asJson(pod())).contains("\"managedFields\":[{");
  }

  @Test
  void otherTypesAreDecodedAsFabric8DoesWithoutManagedFields() {
    Pod decoded = json.unmarshal(fabric8.asJson(pod()), Pod.class);

    assertThat(decoded).isEqualTo(withoutManagedFields(pod()));
  }
}

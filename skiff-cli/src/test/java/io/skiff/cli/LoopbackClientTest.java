package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopbackClientTest {

  private static Pod pod() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("n1").addNewContainer().withName("c").withImage("busybox").withNewResources()
        .addToRequests("cpu", new Quantity("100m")).endResources().endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus().build();
    pod.setAdditionalProperty("extra", Map.of("nested", 1));
    return pod;
  }

  @Test
  void writesTheModelAsFabric8sDefaultSerializationDoes() {
    assertThat(LoopbackClient.serialization().asJson(pod())).isEqualTo(new KubernetesSerialization().asJson(pod()));
  }

  @Test
  void readsWhatFabric8sDefaultSerializationReads() {
    String json = new KubernetesSerialization().asJson(pod()).replace("\"phase\"", "\"notAField\":true,\"phase\"");

    Pod read = LoopbackClient.serialization().unmarshal(json, Pod.class);

    assertThat(read).isEqualTo(new KubernetesSerialization().unmarshal(json, Pod.class));
    assertThat(read.getStatus().getAdditionalProperties()).containsEntry("notAField", true);
    assertThat(read.getSpec().getContainers().get(0).getResources().getRequests().get("cpu")).isEqualTo(new Quantity("100m"));
  }
}

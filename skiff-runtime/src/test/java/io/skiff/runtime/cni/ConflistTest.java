package io.skiff.runtime.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.runtime.PortMapping;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflistTest {
  private final NetworkConfig net = NetworkConfig.defaults().withBridge("sk0", "10.77.0.0/16");
  private final CniAttachment attachment = new CniAttachment("sbx", Path.of("/r/netns/sbx"), "eth0", "ns", "web", "uid-1",
      List.of(PortMapping.tcp(8080, 80)));

  @Test
  void podNetworkIsABridgeWithHostLocalIpamUnderTheRuntimeRoot() {
    JsonNode list = Conflist.podNetwork(net, Path.of("/r/cni/networks"), false);
    assertThat(list.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(list.path("name").asText()).isEqualTo("skiff");
    assertThat(list.path("plugins")).hasSize(1);
    JsonNode bridge = list.path("plugins").get(0);
    assertThat(bridge.path("type").asText()).isEqualTo("bridge");
    assertThat(bridge.path("bridge").asText()).isEqualTo("sk0");
    assertThat(bridge.path("isGateway").asBoolean()).isTrue();
    assertThat(bridge.path("ipMasq").asBoolean()).isTrue();
    assertThat(bridge.path("ipam").path("type").asText()).isEqualTo("host-local");
    assertThat(bridge.path("ipam").path("ranges").get(0).get(0).path("subnet").asText()).isEqualTo("10.77.0.0/16");
    assertThat(bridge.path("ipam").path("dataDir").asText()).isEqualTo("/r/cni/networks");
  }

  @Test
  void portmapIsChainedOnlyForPodsWithHostPorts() {
    JsonNode list = Conflist.podNetwork(net, Path.of("/r"), true);
    assertThat(list.path("plugins")).hasSize(2);
    assertThat(list.path("plugins").get(1).path("type").asText()).isEqualTo("portmap");
    assertThat(list.path("plugins").get(1).path("capabilities").path("portMappings").asBoolean()).isTrue();
  }

  @Test
  void eachPluginGetsTheListsNameVersionAndThePreviousResult() throws Exception {
    JsonNode list = Conflist.podNetwork(net, Path.of("/r"), true);
    JsonNode prev = new ObjectMapper().readTree("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.77.0.2/16\"}]}");
    JsonNode bridge = CniNetwork.pluginConfig(list, list.path("plugins").get(0), null, attachment);
    assertThat(bridge.path("name").asText()).isEqualTo("skiff");
    assertThat(bridge.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(bridge.has("prevResult")).isFalse();
    assertThat(bridge.has("runtimeConfig")).as("bridge declares no capabilities").isFalse();
    JsonNode portmap = CniNetwork.pluginConfig(list, list.path("plugins").get(1), prev, attachment);
    assertThat(portmap.path("prevResult")).isEqualTo(prev);
    JsonNode mapping = portmap.path("runtimeConfig").path("portMappings").get(0);
    assertThat(mapping.path("hostPort").asInt()).isEqualTo(8080);
    assertThat(mapping.path("containerPort").asInt()).isEqualTo(80);
    assertThat(mapping.path("protocol").asText()).isEqualTo("tcp");
    assertThat(mapping.has("hostIP")).isFalse();
  }

  @Test
  void cniArgsCarryThePodIdentity() {
    assertThat(attachment.cniArgs()).isEqualTo("IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=sbx;K8S_POD_UID=uid-1");
  }

  @Test
  void loopbackIsASinglePluginList() {
    JsonNode lo = Conflist.loopback();
    assertThat(lo.path("plugins")).hasSize(1);
    assertThat(lo.path("plugins").get(0).path("type").asText()).isEqualTo("loopback");
  }
}

package io.skiff.runtime.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import org.junit.jupiter.api.Test;

class CniResultTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void thePodIpIsTheAddressOfTheInterfaceInTheSandbox() throws Exception {
    String result = """
        {"cniVersion":"1.0.0",
         "interfaces":[{"name":"sk0","mac":"aa"},{"name":"veth1","mac":"bb"},{"name":"eth0","mac":"cc","sandbox":"/r/netns/x"}],
         "ips":[{"address":"10.1.0.1/24","interface":0},{"address":"10.1.0.7/24","gateway":"10.1.0.1","interface":2}]}""";
    assertThat(CniResult.podIp(json.readTree(result))).isEqualTo("10.1.0.7");
  }

  @Test
  void withoutInterfaceIndexesTheFirstIpv4AddressIsTaken() throws Exception {
    assertThat(CniResult.podIp(json.readTree("{\"ips\":[{\"address\":\"fd00::5/64\"},{\"address\":\"10.2.0.9/16\"}]}"))).isEqualTo("10.2.0.9");
  }

  @Test
  void aResultWithoutIpv4IsAnError() throws Exception {
    assertThatThrownBy(() -> CniResult.podIp(json.readTree("{\"ips\":[]}"))).isInstanceOf(SkiffException.Internal.class);
  }

  @Test
  void networkConfigRejectsBadNames() {
    assertThatThrownBy(() -> NetworkConfig.defaults().withBridge("a-very-long-bridge-name", "10.0.0.0/16")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkConfig.defaults().withBridge("sk0", "10.0.0.0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkConfig.defaults().withBridge("sk0", "300.0.0.0/16")).isInstanceOf(IllegalArgumentException.class);
    assertThat(NetworkConfig.defaults().cniPath()).isEqualTo("/usr/lib/cni");
  }
}

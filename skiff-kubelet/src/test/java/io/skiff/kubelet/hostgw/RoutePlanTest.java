package io.skiff.kubelet.hostgw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.skiff.common.net.Ipv4Cidr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutePlanTest {

  private static Node node(String name, String cidr, String ip) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec();
    if (cidr != null) {
      b.editSpec().withPodCIDR(cidr).withPodCIDRs(cidr).endSpec();
    }
    b.withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus();
    if (ip != null) {
      b.editStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus();
    }
    return b.build();
  }

  private static NodeRoute route(String cidr, String via) {
    return new NodeRoute(Ipv4Cidr.parse(cidr), via);
  }

  @Test
  void routesEveryOtherNodeWithACidrAndAnInternalIp() {
    List<Node> nodes = List.of(node("a", "10.42.0.0/24", "10.9.0.10"), node("b", "10.42.1.0/24", "10.9.0.11"),
        node("c", null, "10.9.0.12"), node("d", "10.42.3.0/24", null), node("e", "fd00:42::/64", "10.9.0.14"));
    assertThat(RoutePlan.desired(nodes, "a").values()).containsExactly(route("10.42.1.0/24", "10.9.0.11"));
  }

  @Test
  void addsMissingRoutesAndRemovesOnesOfDeletedNodes() {
    Map<Ipv4Cidr, NodeRoute> desired = RoutePlan.desired(List.of(node("b", "10.42.1.0/24", "10.9.0.11"),
        node("c", "10.42.2.0/24", "10.9.0.12")), "a");
    RoutePlan plan = RoutePlan.between(desired, List.of(route("10.42.1.0/24", "10.9.0.11"), route("10.42.7.0/24", "10.9.0.17")));
    assertThat(plan.replace()).containsExactly(route("10.42.2.0/24", "10.9.0.12"));
    assertThat(plan.delete()).containsExactly(route("10.42.7.0/24", "10.9.0.17"));
  }

  @Test
  void aChangedGatewayIsReplacedNotDeleted() {
    Map<Ipv4Cidr, NodeRoute> desired = RoutePlan.desired(List.of(node("b", "10.42.1.0/24", "10.9.0.99")), "a");
    RoutePlan plan = RoutePlan.between(desired, List.of(route("10.42.1.0/24", "10.9.0.11")));
    assertThat(plan.replace()).containsExactly(route("10.42.1.0/24", "10.9.0.99"));
    assertThat(plan.delete()).isEmpty();
  }

  @Test
  void nothingToDoWhenTheTableMatches() {
    Map<Ipv4Cidr, NodeRoute> desired = RoutePlan.desired(List.of(node("b", "10.42.1.0/24", "10.9.0.11")), "a");
    assertThat(RoutePlan.between(desired, List.of(route("10.42.1.0/24", "10.9.0.11"))).isEmpty()).isTrue();
  }

  @Test
  void readsOnlyGatewayRoutesFromIpJson() {
    String json = """
        [{"dst":"10.42.1.0/24","gateway":"10.9.0.11","dev":"eth0","protocol":"77","flags":[]},
         {"dst":"10.42.2.0/24","dev":"skiff1","protocol":"77","scope":"link","flags":[]},
         {"dst":"default","gateway":"10.9.0.1","protocol":"77","flags":[]}]
        """;
    assertThat(IpRouteTable.parse(json)).containsExactly(route("10.42.1.0/24", "10.9.0.11"));
    assertThat(IpRouteTable.parse("")).isEmpty();
  }

  @Test
  void masqueradesOnlyTrafficLeavingTheClusterCidr() {
    assertThat(String.join(" ", PodEgress.iptables("-A", Ipv4Cidr.parse("10.42.1.0/24"), Ipv4Cidr.parse("10.42.0.0/16"))))
        .isEqualTo("iptables -w 5 -t nat -A POSTROUTING -s 10.42.1.0/24 ! -d 10.42.0.0/16 -m comment --comment "
            + PodEgress.COMMENT + " -j MASQUERADE");
    assertThatThrownBy(() -> PodEgress.iptables("-A", Ipv4Cidr.parse("10.50.1.0/24"), Ipv4Cidr.parse("10.42.0.0/16")))
        .hasMessageContaining("not inside the cluster CIDR");
  }
}

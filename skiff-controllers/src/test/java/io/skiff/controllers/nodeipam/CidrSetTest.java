package io.skiff.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.net.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CidrSetTest {

  private static Ipv4Cidr cidr(String text) {
    return Ipv4Cidr.parse(text);
  }

  @Test
  void allocatesBlocksInOrderUntilNoneIsLeft() {
    CidrSet set = new CidrSet(NodeIpamConfig.of("10.42.0.0/22", 24));
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(set.allocateNext().orElseThrow().toString());
    }
    assertThat(got).containsExactly("10.42.0.0/24", "10.42.1.0/24", "10.42.2.0/24", "10.42.3.0/24");
    assertThat(set.allocateNext()).isEmpty();
    assertThat(set.free()).isZero();
  }

  @Test
  void skipsBlocksAlreadyHeldByNodes() {
    CidrSet set = new CidrSet(NodeIpamConfig.of("10.42.0.0/16", 24));
    set.occupy(cidr("10.42.0.0/24"));
    set.occupy(cidr("10.42.1.0/24"));
    assertThat(set.allocateNext()).contains(cidr("10.42.2.0/24"));
  }

  @Test
  void givesAReleasedBlockAgainOnlyAfterGoingRoundTheRange() {
    CidrSet set = new CidrSet(NodeIpamConfig.of("10.42.0.0/23", 24));
    Ipv4Cidr first = set.allocateNext().orElseThrow();
    Ipv4Cidr second = set.allocateNext().orElseThrow();
    set.release(first);
    assertThat(set.allocateNext()).contains(first);
    set.release(second);
    assertThat(set.isUsed(second)).isFalse();
    assertThat(set.allocateNext()).contains(second);
    assertThat(set.allocateNext()).isEqualTo(Optional.empty());
  }

  @Test
  void occupyingALargerBlockTakesEveryNodeBlockInside() {
    CidrSet set = new CidrSet(NodeIpamConfig.of("10.42.0.0/16", 24));
    set.occupy(cidr("10.42.0.0/23"));
    assertThat(set.isUsed(cidr("10.42.1.0/24"))).isTrue();
    set.occupy(cidr("10.42.2.128/25"));
    assertThat(set.isUsed(cidr("10.42.2.0/24"))).isTrue();
    assertThat(set.allocateNext()).contains(cidr("10.42.3.0/24"));
  }

  @Test
  void refusesBlocksOutsideTheClusterCidr() {
    CidrSet set = new CidrSet(NodeIpamConfig.of("10.42.0.0/16", 24));
    assertThatThrownBy(() -> set.occupy(cidr("10.43.0.0/24"))).hasMessageContaining("outside the cluster CIDR 10.42.0.0/16");
    assertThatThrownBy(() -> set.occupy(cidr("10.0.0.0/8"))).hasMessageContaining("outside");
  }

  @Test
  void configRefusesNodeBlocksThatDoNotFit() {
    assertThatThrownBy(() -> NodeIpamConfig.of("10.42.0.0/16", 8)).hasMessageContaining("must not be smaller");
    assertThatThrownBy(() -> NodeIpamConfig.of("10.0.0.0/8", 25)).hasMessageContaining("at most 16 bits");
    assertThatThrownBy(() -> NodeIpamConfig.of("10.42.0.0/16", 31)).hasMessageContaining("no room");
    assertThat(NodeIpamConfig.defaults().clusterCidr()).hasToString("10.42.0.0/16");
  }
}

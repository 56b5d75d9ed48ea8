package io.skiff.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

  @Test
  void parsesAndPrintsTheSameText() {
    assertThat(Ipv4Cidr.parse("10.42.0.0/16").toString()).isEqualTo("10.42.0.0/16");
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").toString()).isEqualTo("0.0.0.0/0");
    assertThat(Ipv4Cidr.parse("255.255.255.255/32").toString()).isEqualTo("255.255.255.255/32");
  }

  @Test
  void refusesHostBitsAndBadShapes() {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.42.1.5/24")).hasMessageContaining("host bits set (did you mean 10.42.1.0/24?)");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.42.300.0/24")).hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.42.0.0/33")).hasMessageContaining("0..32");
    assertThatThrownBy(() -> Ipv4Cidr.parse("fd00::/64")).hasMessageContaining("not an IPv4 CIDR");
  }

  @Test
  void splitsIntoSubnetsAndFindsTheirIndex() {
    Ipv4Cidr cluster = Ipv4Cidr.parse("10.42.0.0/16");
    assertThat(cluster.subnetCount(24)).isEqualTo(256);
    assertThat(cluster.subnet(24, 0)).hasToString("10.42.0.0/24");
    assertThat(cluster.subnet(24, 255)).hasToString("10.42.255.0/24");
    assertThat(cluster.indexOf(Ipv4Cidr.parse("10.42.7.0/24"))).isEqualTo(7);
    assertThatThrownBy(() -> cluster.subnet(24, 256)).hasMessageContaining("outside");
  }

  @Test
  void handlesAddressesAboveTheSignBit() {
    Ipv4Cidr high = Ipv4Cidr.parse("192.168.0.0/16");
    assertThat(high.subnet(24, 3)).hasToString("192.168.3.0/24");
    assertThat(high.indexOf(Ipv4Cidr.parse("192.168.200.0/24"))).isEqualTo(200);
    assertThat(high.contains("192.168.5.9")).isTrue();
    assertThat(high.contains("192.169.0.1")).isFalse();
  }

  @Test
  void containsBlocksOnlyWhenWhollyInside() {
    Ipv4Cidr cluster = Ipv4Cidr.parse("10.42.0.0/16");
    assertThat(cluster.contains(Ipv4Cidr.parse("10.42.3.0/24"))).isTrue();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.0.0.0/8"))).isFalse();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.43.0.0/24"))).isFalse();
    assertThat(Ipv4Cidr.parse("10.42.3.0/24").address(1)).isEqualTo("10.42.3.1");
  }
}

package io.skiff.kubelet.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpdyProtocolTest {

  @Test
  void theFirstServedVersionTheClientOffersWins() {
    assertThat(SpdyProtocol.negotiate(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io")))
        .contains(SpdyProtocol.V4);
    assertThat(SpdyProtocol.negotiate(List.of("v5.channel.k8s.io", "v2.channel.k8s.io", "v4.channel.k8s.io"))).contains(SpdyProtocol.V2);
    assertThat(SpdyProtocol.negotiate(List.of("channel.k8s.io"))).contains(SpdyProtocol.V1);
  }

  @Test
  void nothingServedOfferedIsNoProtocol() {
    assertThat(SpdyProtocol.negotiate(List.of("portforward.k8s.io", "v5.channel.k8s.io"))).isEmpty();
  }

  @Test
  void onlyV3AndV4ResizeAndOnlyV4WritesJson() {
    assertThat(SpdyProtocol.V4.resizes()).isTrue();
    assertThat(SpdyProtocol.V3.resizes()).isTrue();
    assertThat(SpdyProtocol.V2.resizes()).isFalse();
    assertThat(SpdyProtocol.V4.writesStatusAsJson()).isTrue();
    assertThat(SpdyProtocol.V3.writesStatusAsJson()).isFalse();
  }
}

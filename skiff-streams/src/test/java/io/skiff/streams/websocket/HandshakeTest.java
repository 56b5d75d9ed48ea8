package io.skiff.streams.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  @Test
  void acceptKeyIsTheOneRfc6455ShowsForItsSampleNonce() {
    assertThat(Handshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void theServersPreferenceWinsAmongTheOfferedSubprotocols() {
    List<String> served = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    assertThat(Handshake.choose("v4.channel.k8s.io, v5.channel.k8s.io", served)).contains("v5.channel.k8s.io");
    assertThat(Handshake.choose("v4.channel.k8s.io", served)).contains("v4.channel.k8s.io");
    assertThat(Handshake.choose("base64.channel.k8s.io", served)).isEmpty();
    assertThat(Handshake.choose(null, served)).isEmpty();
  }

  @Test
  void theAnswerSwitchesToWebSocketWithTheChosenSubprotocol() {
    assertThat(Handshake.answer("dGhlIHNhbXBsZSBub25jZQ==", "v5.channel.k8s.io")).containsEntry("Upgrade", "websocket")
        .containsEntry("Connection", "Upgrade").containsEntry("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        .containsEntry("Sec-WebSocket-Protocol", "v5.channel.k8s.io");
  }
}

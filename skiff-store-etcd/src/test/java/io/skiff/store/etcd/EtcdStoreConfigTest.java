package io.skiff.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EtcdStoreConfigTest {

  @Test
  void commaSeparatedEndpointsAreParsedInOrder() {
    EtcdStoreConfig c = EtcdStoreConfig.parse("http://10.0.0.5:2379, http://10.0.0.6:2379,", Optional.empty());
    assertThat(c.endpoints()).containsExactly(URI.create("http://10.0.0.5:2379"), URI.create("http://10.0.0.6:2379"));
    assertThat(c.tls()).isEmpty();
    assertThat(c.describe()).isEqualTo("http://10.0.0.5:2379,http://10.0.0.6:2379");
  }

  @Test
  void httpsEndpointsUseTlsEvenWithoutFiles() {
    assertThat(EtcdStoreConfig.parse("https://etcd:2379", Optional.empty()).tls()).contains(new EtcdStoreConfig.Tls(null, null, null));
  }

  @Test
  void badEndpointsAreRefusedSayingWhy() {
    assertThatThrownBy(() -> EtcdStoreConfig.parse("", Optional.empty())).hasMessageContaining("no etcd endpoint");
    assertThatThrownBy(() -> EtcdStoreConfig.parse("etcd:2379", Optional.empty())).hasMessageContaining("http or https");
    assertThatThrownBy(() -> EtcdStoreConfig.parse("http://etcd", Optional.empty())).hasMessageContaining("give host and port");
    assertThatThrownBy(() -> EtcdStoreConfig.parse("http://a:2379,https://b:2379", Optional.empty())).hasMessageContaining("mix http and https");
    assertThatThrownBy(() -> EtcdStoreConfig.parse("http://a:2379", Optional.of(new EtcdStoreConfig.Tls(Path.of("ca.crt"), null, null))))
        .hasMessageContaining("plain-http");
    assertThatThrownBy(() -> new EtcdStoreConfig.Tls(null, Path.of("c.crt"), null)).hasMessageContaining("go together");
  }

  @Test
  void prefixRangesEndAfterTheLastKeyWithThePrefix() {
    assertThat(Keys.prefixEnd("/registry/pods/").toString(StandardCharsets.UTF_8)).isEqualTo("/registry/pods0");
    assertThat(Keys.prefixEnd("").getBytes()).containsExactly(0);
    assertThat(Keys.prefixEnd("a\u00ff").getBytes()).containsExactly('a', 0xc3, 0xc0);
    assertThat(Keys.after("/a")).isEqualTo("/a\0");
  }
}

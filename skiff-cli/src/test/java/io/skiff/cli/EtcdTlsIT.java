package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.apiserver.pki.Pki;
import io.skiff.common.SkiffException;
import io.skiff.store.etcd.testing.EtcdProcess;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** etcd over https with client-certificate authentication, as {@code --datastore-cafile/-certfile/-keyfile} configure it. */
@RequiresRoot
@Tag("etcd")
class EtcdTlsIT {
  private Path dir;
  private EtcdProcess etcd;

  @BeforeEach
  void startEtcdWithTls() throws Exception {
    dir = Files.createTempDirectory("skiff-etcd-tls-it");
    Pki etcdPki = Pki.openOrCreate(dir.resolve("etcd-pki"));
    etcdPki.servingCredential("etcd-server", new LinkedHashSet<>(List.of("localhost")), new LinkedHashSet<>(List.of("127.0.0.1")));
    etcdPki.clientCredential("skiff-client", "skiff", List.of());
    Path pki = dir.resolve("etcd-pki");
    etcd = EtcdProcess.start(Optional.of(new EtcdProcess.Tls(pki.resolve("etcd-server.crt"), pki.resolve("etcd-server.key"),
        Optional.of(pki.resolve("ca.crt")))));
  }

  @AfterEach
  void stop() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
    TestFiles.deleteTree(dir);
  }

  @Test
  void aServerUsesEtcdOverHttpsWithAClientCertificate() throws Exception {
    Path pki = dir.resolve("etcd-pki");
    Datastore datastore = new Datastore(etcd.endpoint(), pki.resolve("ca.crt"), pki.resolve("skiff-client.crt"), pki.resolve("skiff-client.key"));
    assertThat(etcd.endpoint()).startsWith("https://");
    try (ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir.resolve("server"), "127.0.0.1", 0, datastore, Optional.empty()));
         KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig()))).build()) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("over-tls").endMetadata().build())
          .create();
      assertThat(client.configMaps().inNamespace("default").withName("over-tls").get()).isNotNull();
    }
  }

  @Test
  void withoutAClientCertificateEtcdRefusesTheServerWithAnErrorNamingTheEndpoint() {
    Datastore datastore = new Datastore(etcd.endpoint(), dir.resolve("etcd-pki/ca.crt"), null, null);
    assertThatThrownBy(() -> ControlPlane.start(new ControlPlane.Config(dir.resolve("server"), "127.0.0.1", 0, datastore, Optional.empty())))
        .isInstanceOf(SkiffException.Unavailable.class)
        .hasMessageContaining(etcd.endpoint());
  }
}

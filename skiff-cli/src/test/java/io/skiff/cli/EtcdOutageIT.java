package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.skiff.store.etcd.EtcdStore;
import io.skiff.store.etcd.EtcdStoreConfig;
import io.skiff.store.etcd.testing.EtcdProcess;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An API server on etcd when etcd misbehaves: a value that is not an object (written by someone else) is skipped in
 * lists and a 500 on get; etcd killed for 10 s during a stream of creates loses no acknowledged create, answers
 * 5xx Status objects meanwhile, reports not ready, and works again afterwards, its open watches included.
 */
@RequiresRoot
@Tag("etcd")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  private EtcdProcess etcd;
  private Path dir;
  private ControlPlane plane;
  private KubernetesClient client;
  private HttpClient http;

  @BeforeAll
  void start() throws Exception {
    etcd = EtcdProcess.start();
    dir = Files.createTempDirectory("skiff-etcd-outage-it");
    plane = ControlPlane.start(new ControlPlane.Config(dir, "127.0.0.1", 0, Datastore.etcd(etcd.endpoint()), Optional.empty()));
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    config.setRequestRetryBackoffLimit(0);
    client = new KubernetesClientBuilder().withConfig(config).build();
    http = HttpClient.newBuilder().sslContext(trusting(dir.resolve("tls/ca.crt"))).build();
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    if (dir != null) {
      TestFiles.deleteTree(dir);
    }
  }

  private static SSLContext trusting(Path ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(ca))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private int readyz() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(plane.url() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", name).build();
  }

  @Test
  @Order(1)
  void aValueThatIsNotAnObjectIsSkippedInListsAndAnInternalErrorOnGet() throws Exception {
    try (EtcdStore other = EtcdStore.connect(EtcdStoreConfig.parse(etcd.endpoint(), Optional.empty()))) {
      other.create("/registry/configmaps/default/garbage", "{not an object".getBytes(StandardCharsets.UTF_8));
    }
    client.configMaps().inNamespace("default").resource(configMap("fine-1")).create();
    client.configMaps().inNamespace("default").resource(configMap("fine-2")).create();

    assertThatThrownBy(() -> client.configMaps().inNamespace("default").withName("garbage").get())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(500);
          assertThat(e.getStatus().getReason()).isEqualTo("InternalError");
          assertThat(e.getStatus().getMessage()).startsWith("Internal error occurred: ").contains("/registry/configmaps/default/garbage");
        });
    assertThat(client.configMaps().inNamespace("default").list().getItems()).extracting(c -> c.getMetadata().getName())
        .contains("fine-1", "fine-2").doesNotContain("garbage");
    List<String> paged = new ArrayList<>();
    String next = null;
    do {
      ConfigMapList page = client.configMaps().inNamespace("default").list(new ListOptionsBuilder().withLimit(1L).withContinue(next).build());
      page.getItems().forEach(c -> paged.add(c.getMetadata().getName()));
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    assertThat(paged).contains("fine-1", "fine-2").doesNotContain("garbage");
  }

  @Test
  @Order(2)
  void etcdKilledForTenSecondsDuringCreatesLosesNoAcknowledgedCreateAndAnswersServerErrors() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    Watch watch = client.configMaps().inNamespace("default").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        events.add(action + " " + cm.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
        events.add("CLOSED " + cause);
      }
    });
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    List<KubernetesClientException> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = Thread.ofVirtual().start(() -> {
      for (int i = 0; !stop.get(); i++) {
        String name = "stream-" + i;
        try {
          client.configMaps().inNamespace("default").resource(configMap(name)).create();
          acknowledged.add(name);
        } catch (KubernetesClientException e) {
          failures.add(e);
        }
      }
    });
    try {
      Await.until("creates before the outage", Duration.ofSeconds(30), () -> acknowledged.size() >= 20);
      etcd.kill();
      int beforeOutage = acknowledged.size();
      assertThat(readyz()).as("readyz while etcd is down").isEqualTo(503);
      Thread.sleep(OUTAGE); // the outage itself, not a wait for a condition
      etcd.restart();
      int atRestart = acknowledged.size();
      Await.until("creates to succeed again", Duration.ofSeconds(60), () -> acknowledged.size() >= atRestart + 20);
      assertThat(atRestart - beforeOutage).as("creates acknowledged while etcd was down").isLessThanOrEqualTo(1);
    } finally {
      stop.set(true);
      writer.join(Duration.ofSeconds(30));
    }
    assertThat(readyz()).isEqualTo(200);
    assertThat(failures).as("errors during the outage").isNotEmpty();
    for (KubernetesClientException f : failures) {
      assertThat(f.getCode()).as(f.getMessage()).isBetween(500, 504);
      assertThat(f.getStatus()).as(f.getMessage()).isNotNull();
      assertThat(f.getStatus().getKind()).isEqualTo("Status");
      assertThat(f.getStatus().getStatus()).isEqualTo("Failure");
    }
    List<String> stored = Await.until("a list after the outage", Duration.ofSeconds(30),
        () -> client.configMaps().inNamespace("default").list().getItems().stream().map(c -> c.getMetadata().getName()).toList(), l -> true);
    assertThat(stored).containsAll(acknowledged);
    String last = acknowledged.getLast();
    Await.until("the watch opened before the outage to deliver a create made after it", Duration.ofSeconds(30),
        () -> events.contains("ADDED " + last));
    assertThat(events).noneMatch(e -> e.startsWith("CLOSED"));
    watch.close();
  }
}

package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.skiff.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The foundation's flows through the fabric8 client, plus optimistic concurrency under 20 concurrent writers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fabric8FlowsIT {
  private Path dataDir;
  private ControlPlane plane;
  private KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("skiff-fabric8-it");
    plane = ControlPlane.start(new ControlPlane.Config(dataDir, "127.0.0.1", 0, null));
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig()))).build();
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
    TestFiles.deleteTree(dataDir);
  }

  private static Pod pod(String name, String image) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "test1").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage(image).withCommand("sleep", "3600").endContainer().endSpec().build();
  }

  @Test
  void podIsCreatedWithDefaultsAndDeleted() {
    Pod created = client.pods().inNamespace("default").resource(pod("f8-pod", "centos:7")).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(created.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(created.getStatus().getPhase()).isEqualTo("Pending");

    Pod latest = client.pods().inNamespace("default").resource(pod("f8-latest", "nginx")).create();
    assertThat(latest.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");

    assertThat(client.pods().inNamespace("default").withLabel("app", "test1").list().getItems())
        .extracting(p -> p.getMetadata().getName()).contains("f8-pod", "f8-latest");
    assertThat(client.pods().inNamespace("default").withField("metadata.name", "f8-pod").list().getItems()).hasSize(1);

    client.pods().inNamespace("default").withName("f8-pod").delete();
    client.pods().inNamespace("default").withName("f8-latest").delete();
    assertThat(client.pods().inNamespace("default").withName("f8-pod").get()).isNull();
  }

  @Test
  void createOfAnExistingNameAnswersAlreadyExists() {
    client.configMaps().inNamespace("default").resource(configMap("dup")).create();
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(configMap("dup")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"dup\" already exists");
        });
  }

  @Test
  void missingObjectAnswersNotFoundAndMissingNamespaceToo() {
    assertThat(client.pods().inNamespace("default").withName("nope").get()).isNull();
    assertThatThrownBy(() -> client.configMaps().inNamespace("no-such-ns").resource(configMap("x")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"no-such-ns\" not found");
        });
  }

  @Test
  void concurrentUpdatersLoseRacesWithConflictAndLoseNoUpdate() throws Exception {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("counter").endMetadata()
        .addToData("n", "0").build()).create();
    int writers = 20;
    int perWriter = 5;
    AtomicInteger conflicts = new AtomicInteger();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perWriter; i++) {
            while (true) {
              ConfigMap cm = client.configMaps().inNamespace("default").withName("counter").get();
              int n = Integer.parseInt(cm.getData().get("n"));
              cm.getData().put("n", Integer.toString(n + 1));
              try {
                client.configMaps().inNamespace("default").resource(cm).update();
                break;
              } catch (KubernetesClientException e) {
                assertThat(e.getCode()).isEqualTo(409);
                assertThat(e.getStatus().getMessage()).endsWith(
                    "the object has been modified; please apply your changes to the latest version and try again");
                conflicts.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    ConfigMap result = client.configMaps().inNamespace("default").withName("counter").get();
    assertThat(result.getData()).containsEntry("n", Integer.toString(writers * perWriter));
    assertThat(conflicts.get()).isPositive();
  }

  @Test
  void watchDeliversAddedModifiedDeleted() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch w = client.configMaps().inNamespace("default").withLabel("watched", "yes").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("w1")
          .addToLabels("watched", "yes").endMetadata().build()).create();
      client.configMaps().inNamespace("default").withName("w1").edit(c -> {
        c.setData(Map.of("k", "v"));
        return c;
      });
      client.configMaps().inNamespace("default").withName("w1").delete();
      Await.until("ADDED, MODIFIED and DELETED of w1", Duration.ofSeconds(10), () -> seen.containsAll(List.of("ADDED w1", "MODIFIED w1", "DELETED w1")));
      assertThat(cm.getMetadata().getName()).isEqualTo("w1");
    }
  }

  @Test
  void paginatedListReturnsEveryObjectOnce() {
    for (int i = 0; i < 25; i++) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("page-" + i)
          .addToLabels("paged", "yes").endMetadata().build()).create();
    }
    var first = client.configMaps().inNamespace("default").withLabel("paged", "yes").list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
        .withLimit(10L).build());
    assertThat(first.getItems()).hasSize(10);
    assertThat(first.getMetadata().getContinue()).isNotBlank();
    List<String> all = new java.util.ArrayList<>(first.getItems().stream().map(c -> c.getMetadata().getName()).toList());
    String cont = first.getMetadata().getContinue();
    while (cont != null && !cont.isEmpty()) {
      var page = client.configMaps().inNamespace("default").withLabel("paged", "yes").list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
          .withLimit(10L).withContinue(cont).build());
      page.getItems().forEach(c -> all.add(c.getMetadata().getName()));
      cont = page.getMetadata().getContinue();
    }
    assertThat(all).hasSize(25).doesNotHaveDuplicates();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
  }
}

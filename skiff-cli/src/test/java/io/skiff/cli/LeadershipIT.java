package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Leadership} against a real API server: one candidate at a time runs the components (started in order,
 * stopped in reverse), and a leader that stops releases the Lease so that the next one takes over at once.
 */
class LeadershipIT {
  private Path dir;
  private ControlPlane plane;
  private KubernetesClient client;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("skiff-leadership-it");
    plane = ControlPlane.start(new ControlPlane.Config(dir, "127.0.0.1", 0, null));
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    client = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    plane.close();
    TestFiles.deleteTree(dir);
  }

  private List<Leadership.Component> components(String who) {
    return List.of(component(who, "first"), component(who, "second"));
  }

  private Leadership.Component component(String who, String name) {
    return new Leadership.Component(name, c -> {
      log.add(who + " start " + name);
      return () -> log.add(who + " stop " + name);
    });
  }

  @Test
  void oneCandidateRunsTheComponentsAndTheNextTakesOverWhenItStops() {
    Leadership a = Leadership.start(client, Leadership.Config.controllers("candidate-a"), components("a"));
    Await.until("a to lead", Duration.ofSeconds(30), a::isLeading);
    Leadership b = Leadership.start(client, Leadership.Config.controllers("candidate-b"), components("b"));
    try {
      Await.until("a's components to start", Duration.ofSeconds(30), () -> log.size() >= 2);
      Await.until("b to see a as the leader", Duration.ofSeconds(30), () -> "candidate-a".equals(b.leader()));
      assertThat(b.isLeading()).isFalse();
      assertThat(log).containsExactly("a start first", "a start second");

      a.close();
      assertThat(log).containsExactly("a start first", "a start second", "a stop second", "a stop first");
      Await.until("b to take over after a released the Lease", Duration.ofSeconds(10), () -> log.size() >= 6);
      assertThat(log.subList(4, 6)).containsExactly("b start first", "b start second");
      assertThat(client.leases().inNamespace("kube-system").withName("skiff-controllers").get().getSpec().getHolderIdentity())
          .isEqualTo("candidate-b");
    } finally {
      a.close();
      b.close();
    }
    assertThat(log).endsWith("b stop second", "b stop first");
  }
}

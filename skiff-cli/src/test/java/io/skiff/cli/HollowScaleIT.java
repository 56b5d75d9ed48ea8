package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.Watch;
import io.skiff.kubelet.hollow.HollowCluster;
import io.skiff.kubelet.hollow.HollowConfig;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import io.skiff.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane with the scheduler and many hollow nodes in one process, every part a fabric8 client of the real
 * API server: a burst of pods created at once must all end bound and Running, none lost, none bound twice (a watch
 * from before the burst sees every pod's node name and checks it never changes once set). Sizes come from
 * {@code -Dskiff.hollow.nodes} and {@code -Dskiff.hollow.pods}; the defaults are the acceptance size (1,000 nodes,
 * 10,000 pods; see BENCHMARKS.md "Issue 7 scale, second pass" for how long they take on a 2-core machine).
 */
class HollowScaleIT {
  private static final int NODES = Integer.getInteger("skiff.hollow.nodes", 1000);
  private static final int PODS = Integer.getInteger("skiff.hollow.pods", 10_000);
  /** How long the pods may take to be Running: 30 ms a pod, at least two minutes (a wait, not a timing assertion). */
  private static final Duration RUNNING_WITHIN = Duration.ofMillis(Math.max(120_000L, PODS * 30L));
  private static final String NS = "default";

  private Path dataDir;
  private ControlPlane plane;
  private KubernetesClient client;
  private KubernetesClient schedulerClient;
  private KubernetesClient nodesClient;
  private Scheduler scheduler;
  private HollowCluster hollow;

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("skiff-hollow-it");
    plane = ControlPlane.start(new ControlPlane.Config(dataDir, "127.0.0.1", 0, null));
    client = newClient();
    schedulerClient = newClient();
    nodesClient = newClient();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {hollow, scheduler, nodesClient, schedulerClient, client, plane}) {
      if (c != null) {
        c.close();
      }
    }
    TestFiles.deleteTree(dataDir);
  }

  private KubernetesClient newClient() throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    config.setRequestTimeout(60_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  void aBurstOfPodsOnHollowNodesIsAllBoundAndRunningAndNoneIsLostOrBoundTwice() throws Exception {
    hollow = HollowCluster.start(nodesClient, HollowConfig.of("hollow-", NODES));
    Await.until(NODES + " nodes Ready", Duration.ofSeconds(60), () -> client.nodes().list().getItems().stream()
        .filter(n -> n.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).count(),
        n -> n == NODES);
    scheduler = Scheduler.start(schedulerClient, SchedulerConfig.defaults());

    Map<String, String> boundTo = new ConcurrentHashMap<>();
    List<String> rebound = new ArrayList<>();
    Watch watch = client.pods().inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
          return;
        }
        String before = boundTo.putIfAbsent(pod.getMetadata().getUid(), node);
        if (before != null && !before.equals(node)) {
          synchronized (rebound) {
            rebound.add(pod.getMetadata().getName() + ": " + before + " then " + node);
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    try {
      createBurst();
      Await.until("all " + PODS + " pods Running", RUNNING_WITHIN,
          () -> client.pods().inNamespace(NS).withField("status.phase", "Running").list().getItems().size(), n -> n == PODS);
      List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
      assertThat(pods).hasSize(PODS);
      assertThat(pods).allSatisfy(p -> {
        assertThat(p.getSpec().getNodeName()).startsWith("hollow-");
        assertThat(p.getStatus().getPodIP()).startsWith("10.");
      });
      Await.until("the watch saw every binding", Duration.ofSeconds(30), boundTo::size, n -> n == PODS);
      synchronized (rebound) {
        assertThat(rebound).as("pods whose node changed").isEmpty();
      }
      long perNodeMax = pods.stream().collect(java.util.stream.Collectors.groupingBy(p -> p.getSpec().getNodeName(),
          java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
      assertThat(perNodeMax).as("no node over its 110 pods").isLessThanOrEqualTo(110);
    } finally {
      watch.close();
    }
  }

  private void createBurst() throws Exception {
    try (ExecutorService creators = Executors.newFixedThreadPool(16)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        int n = i;
        done.add(creators.submit(() -> client.pods().inNamespace(NS).resource(pod("burst-" + n)).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "burst").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
        .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi")).endResources()
        .endContainer().endSpec().build();
  }
}

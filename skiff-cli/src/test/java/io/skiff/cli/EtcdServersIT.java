package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.skiff.store.etcd.testing.EtcdProcess;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two {@code skiff server} processes on one etcd serve one cluster: the second joins with the first one's token and
 * gets its CA, so one kubeconfig works against both; a write through one is seen by a watch on the other; a wrong
 * token is refused; and when the leader is killed the other server takes over the scheduler.
 */
@RequiresRoot
@Tag("etcd")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdServersIT {
  private static final Duration START = Duration.ofSeconds(90);

  private EtcdProcess etcd;
  private Path dir;
  private final List<SkiffProcess> servers = new ArrayList<>();
  private final List<Path> dataDirs = new ArrayList<>();
  private final List<KubernetesClient> clients = new ArrayList<>();

  @BeforeAll
  void startServers() throws Exception {
    etcd = EtcdProcess.start();
    dir = Files.createTempDirectory("skiff-etcd-servers-it");
    startServer("a", List.of());
    String token = Files.readString(dataDirs.get(0).resolve("token")).strip();
    startServer("b", List.of("--token", token));
  }

  private void startServer(String name, List<String> extra) throws Exception {
    Path data = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("server", "--data-dir", data.toString(), "--port", Integer.toString(freePort()),
        "--datastore-endpoint", etcd.endpoint()));
    args.addAll(extra);
    servers.add(SkiffProcess.start(args, "skiff server is up").awaitUp(START));
    dataDirs.add(data);
    clients.add(client(Files.readString(data.resolve("kubeconfig.yaml"))));
  }

  @AfterAll
  void stopAll() throws Exception {
    clients.forEach(KubernetesClient::close);
    for (SkiffProcess s : servers) {
      s.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    if (dir != null) {
      TestFiles.deleteTree(dir);
    }
  }

  private static KubernetesClient client(String kubeconfig) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @Order(1)
  void theSecondServerJoinedWithTheFirstOnesCaAndToken() throws Exception {
    assertThat(servers.get(1).output()).anyMatch(l -> l.contains("joined the cluster in the datastore"));
    assertThat(Files.readString(dataDirs.get(1).resolve("tls/ca.crt"))).isEqualTo(Files.readString(dataDirs.get(0).resolve("tls/ca.crt")));
    assertThat(Files.readString(dataDirs.get(1).resolve("token"))).isEqualTo(Files.readString(dataDirs.get(0).resolve("token")));
  }

  @Test
  @Order(2)
  void aCreateThroughOneServerIsSeenByAWatchOnTheOther() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch = clients.get(1).configMaps().inNamespace("default").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        seen.add(action + " " + cm.getMetadata().getName() + " " + cm.getData());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      ConfigMap created = clients.get(0).configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("from-a").endMetadata().addToData("k", "v").build()).create();
      Await.until("server b's watch to deliver the create made through a", Duration.ofSeconds(20),
          () -> seen.contains("ADDED from-a {k=v}"));
      assertThat(clients.get(1).configMaps().inNamespace("default").withName("from-a").get().getMetadata().getResourceVersion())
          .isEqualTo(created.getMetadata().getResourceVersion());
    }
  }

  @Test
  @Order(3)
  void oneKubeconfigWorksAgainstBothServers() throws Exception {
    String kubeconfigOfA = Files.readString(dataDirs.get(0).resolve("kubeconfig.yaml"));
    String urlOfA = clients.get(0).getMasterUrl().toString().replaceAll("/$", "");
    String urlOfB = clients.get(1).getMasterUrl().toString().replaceAll("/$", "");
    try (KubernetesClient toB = client(kubeconfigOfA.replace(urlOfA, urlOfB))) {
      assertThat(toB.getMasterUrl().toString()).startsWith(urlOfB);
      assertThat(toB.namespaces().withName("kube-system").get()).isNotNull();
      toB.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("through-b").endMetadata().build()).create();
    }
    assertThat(clients.get(0).configMaps().inNamespace("default").withName("through-b").get()).isNotNull();
  }

  @Test
  @Order(4)
  void aServerWithAWrongTokenIsRefusedWithAClearError() throws Exception {
    SkiffProcess wrong = SkiffProcess.start(List.of("server", "--data-dir", dir.resolve("wrong").toString(), "--port", Integer.toString(freePort()),
        "--datastore-endpoint", etcd.endpoint(), "--token", "not-the-clusters-secret"), "skiff server is up");
    assertThat(wrong.awaitExit(START)).isEqualTo(1);
    assertThat(wrong.output()).anyMatch(l -> l.contains("holds a cluster that the given --token does not open"))
        .noneMatch(l -> l.contains("not-the-clusters-secret"));
  }

  @Test
  @Order(5)
  void aServerWhoseEtcdIsUnreachableExitsNamingTheEndpoint() throws Exception {
    String nowhere = "http://127.0.0.1:" + freePort();
    SkiffProcess unreachable = SkiffProcess.start(List.of("server", "--data-dir", dir.resolve("unreachable").toString(), "--port",
        Integer.toString(freePort()), "--datastore-endpoint", nowhere), "skiff server is up");
    assertThat(unreachable.awaitExit(START)).isEqualTo(1);
    assertThat(unreachable.output()).anyMatch(l -> l.startsWith("skiff server: cannot start: cannot reach etcd at " + nowhere));
  }

  @Test
  @Order(6)
  void killingTheLeaderMovesTheSchedulerToTheOtherServer() throws Exception {
    KubernetesClient any = clients.get(0);
    createReadyNode(any, "etcd-it-node");
    any.pods().inNamespace("default").resource(pod("before")).create();
    Await.until("the leader to bind a pod", Duration.ofSeconds(60), () -> nodeOf(any, "before") != null);

    Lease lease = any.leases().inNamespace("kube-system").withName("skiff-controllers").get();
    String holder = lease.getSpec().getHolderIdentity();
    int leader = Controllers.identity(dataDirs.get(0)).equals(holder) ? 0 : 1;
    assertThat(Controllers.identity(dataDirs.get(leader))).isEqualTo(holder);
    int survivor = 1 - leader;
    KubernetesClient other = clients.get(survivor);

    long killed = System.nanoTime();
    servers.get(leader).kill();
    other.pods().inNamespace("default").resource(pod("after")).create();
    Await.until("the other server to take over and bind the pod", Duration.ofSeconds(60), () -> nodeOf(other, "after") != null);
    System.out.printf("scheduler moved to the other server and bound a pod %.1f s after the leader was killed%n", (System.nanoTime() - killed) / 1e9);
    assertThat(nodeOf(other, "after")).isEqualTo("etcd-it-node");
    assertThat(other.leases().inNamespace("kube-system").withName("skiff-controllers").get().getSpec().getHolderIdentity())
        .isEqualTo(Controllers.identity(dataDirs.get(survivor)));
  }

  private static String nodeOf(KubernetesClient client, String pod) {
    Pod p = client.pods().inNamespace("default").withName(pod).get();
    return p == null ? null : p.getSpec().getNodeName();
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer().withName("app")
        .withImage("busybox:1.36").withCommand("sleep", "3600").endContainer().endSpec().build();
  }

  private static void createReadyNode(KubernetesClient client, String name) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
        .endMetadata().build()).create();
    // A patch of the status, not a PUT of the created version: the node IPAM controller may have given the node its
    // pod CIDR in between.
    client.nodes().withName(name).editStatus(n -> new NodeBuilder(n).withStatus(new NodeStatusBuilder()
        .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("8Gi")).addToCapacity("pods", new Quantity("110"))
        .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("8Gi")).addToAllocatable("pods", new Quantity("110"))
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").withMessage("kubelet is posting ready status")
        .endCondition().build()).build());
  }

}

package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed's flow on a real node: the init-pod manifest applied verbatim with the real kubectl runs centos1, then
 * centos2, then centos3 (proved by their start and finish times), passes through Init:0/2, Init:1/2, PodInitializing
 * and Running in {@code kubectl get pods -w}, shows Kubernetes' conditions and events, serves its logs, and leaves
 * nothing on the host once deleted. The corrected emptyDir manifest shares what the init containers write.
 */
@RequiresRoot
@Tag("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodSeedIT {
  private static final Path SEED = Path.of(System.getProperty("skiff.seed", "src/test/resources/seed"));

  private PodFixturesIT.Cluster cluster;
  private Kubectl kubectl;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), "kubectl is not installed");
    cluster = new PodFixturesIT.Cluster();
    kubectl = new Kubectl(Kubectl.NEWEST, cluster.plane.kubeconfig(), Files.createDirectories(cluster.dir.resolve("kubectl-cache")));
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Path seed(String name) {
    Path p = SEED.resolve(name);
    Assumptions.assumeTrue(Files.exists(p), "seed manifest " + p + " not found");
    return p;
  }

  @Test
  @Order(1)
  void theNodeIsRegisteredReadyWithItsLeaseAndEndpoint() {
    Node node = Await.until("the node to be registered", PodFixturesIT.WAIT, () -> cluster.client.nodes().withName(cluster.nodeName).get(),
        n -> n != null && n.getStatus() != null && n.getStatus().getConditions() != null);
    Map<String, NodeCondition> conditions = node.getStatus().getConditions().stream().collect(Collectors.toMap(NodeCondition::getType, c -> c));
    assertThat(conditions.get("Ready").getStatus()).isEqualTo("True");
    assertThat(conditions.get("Ready").getReason()).isEqualTo("KubeletReady");
    assertThat(conditions.get("Ready").getMessage()).isEqualTo("kubelet is posting ready status");
    assertThat(conditions.get("MemoryPressure").getReason()).isEqualTo("KubeletHasSufficientMemory");
    assertThat(conditions.get("DiskPressure").getReason()).isEqualTo("KubeletHasNoDiskPressure");
    assertThat(conditions.get("PIDPressure").getReason()).isEqualTo("KubeletHasSufficientPID");
    assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "ephemeral-storage", "pods");
    assertThat(node.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
    assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "ephemeral-storage", "pods");
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.33.0-skiff");
    assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("runc://");
    assertThat(node.getStatus().getNodeInfo().getKernelVersion()).isNotBlank();
    assertThat(node.getStatus().getNodeInfo().getOsImage()).isNotBlank();
    assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
      assertThat(a.getType()).isEqualTo("InternalIP");
      assertThat(a.getAddress()).isEqualTo("127.0.0.1");
    });
    assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(cluster.agent.port());
    assertThat(node.getSpec().getPodCIDR()).isEqualTo(cluster.subnet);
    var lease = cluster.client.leases().inNamespace("kube-node-lease").withName(cluster.nodeName).get();
    assertThat(lease).isNotNull();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(cluster.nodeName);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
  }

  @Test
  @Order(2)
  void initPodRunsItsInitContainersInOrderThenTheAppContainer() throws Exception {
    List<String> watched = new CopyOnWriteArrayList<>();
    Process watch = kubectl.start("get", "pods", "-w", "--no-headers");
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          watched.add(line);
        }
      } catch (Exception e) {
        // the watch is destroyed at the end
      }
    });
    try {
      Kubectl.Result applied = kubectl.run("apply", "-f", seed("init.yaml").toString());
      assertThat(applied.code()).as(applied.all()).isZero();
      Pod running = cluster.awaitPod("init-pod to run its app container", "init-pod",
          p -> "Running".equals(p.getStatus().getPhase()) && ready(p));
      ContainerStatus c1 = running.getStatus().getInitContainerStatuses().get(0);
      ContainerStatus c2 = running.getStatus().getInitContainerStatuses().get(1);
      ContainerStatus c3 = running.getStatus().getContainerStatuses().get(0);
      assertThat(List.of(c1.getName(), c2.getName(), c3.getName())).containsExactly("centos1", "centos2", "centos3");
      assertThat(c1.getState().getTerminated().getReason()).isEqualTo("Completed");
      assertThat(c1.getState().getTerminated().getExitCode()).isZero();
      assertThat(c2.getState().getTerminated().getReason()).isEqualTo("Completed");
      assertThat(c1.getReady()).isTrue();
      Instant c1Finished = Instant.parse(c1.getState().getTerminated().getFinishedAt());
      Instant c2Started = Instant.parse(c2.getState().getTerminated().getStartedAt());
      Instant c2Finished = Instant.parse(c2.getState().getTerminated().getFinishedAt());
      Instant c3Started = Instant.parse(c3.getState().getRunning().getStartedAt());
      assertThat(c2Started).isAfterOrEqualTo(c1Finished);
      assertThat(c3Started).isAfterOrEqualTo(c2Finished);
      assertThat(c3.getImage()).isEqualTo("docker.io/library/centos:7");
      assertThat(c3.getImageID()).startsWith("docker.io/library/centos@sha256:");
      assertThat(c3.getContainerID()).startsWith("runc://");
      assertThat(c3.getRestartCount()).isZero();
      assertThat(c3.getStarted()).isTrue();
      assertThat(running.getStatus().getPodIP()).startsWith(cluster.subnet.substring(0, cluster.subnet.lastIndexOf('.')));
      assertThat(running.getStatus().getHostIP()).isEqualTo("127.0.0.1");
      assertThat(running.getStatus().getStartTime()).isNotBlank();
      assertThat(running.getStatus().getConditions()).extracting(PodCondition::getType)
          .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
      assertThat(running.getStatus().getConditions()).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));

      Await.until("kubectl get -w to show Running", PodFixturesIT.WAIT, () -> watched.stream().anyMatch(l -> l.contains(" Running ")));
    } finally {
      watch.destroy();
      reader.join();
    }
    List<String> statuses = watched.stream().map(l -> l.trim().split("\\s+")[2]).distinct().toList();
    assertThat(statuses).containsSubsequence("Init:0/2", "Init:1/2", "PodInitializing", "Running");

    List<Event> events = cluster.client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "init-pod".equals(e.getInvolvedObject().getName())).toList();
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("Started");
      assertThat(e.getMessage()).isEqualTo("Started container centos1");
      assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.initContainers{centos1}");
      assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
      assertThat(e.getSource().getHost()).isEqualTo(cluster.nodeName);
      assertThat(e.getReportingComponent()).isEqualTo("kubelet");
    });
    assertThat(events).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Created container: centos3"));
    assertThat(events).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Pulling image \"centos:7\""));
    assertThat(events).anySatisfy(e -> assertThat(e.getMessage()).startsWith("Successfully pulled image \"centos:7\" in "));
    assertThat(events).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Container image \"centos:7\" already present on machine"));
  }

  @Test
  @Order(3)
  void theAgentServesTheLogsOfAppAndFinishedInitContainers() throws Exception {
    Pod pod = cluster.pod("init-pod");
    Path log = cluster.logRoot.resolve("default_init-pod_" + pod.getMetadata().getUid()).resolve("centos3").resolve("0.log");
    Await.until("centos3's log file to hold its line", PodFixturesIT.WAIT, () -> Files.exists(log) && read(log).contains("system is running"));
    assertThat(read(log)).containsPattern("\\S+ stdout F system is running");

    HttpResponse<String> logs = cluster.agentGet("/containerLogs/default/init-pod/centos3");
    assertThat(logs.statusCode()).isEqualTo(200);
    assertThat(logs.body()).isEqualTo("system is running\n");
    HttpResponse<String> stamped = cluster.agentGet("/containerLogs/default/init-pod/centos3?timestamps=true&tailLines=1");
    assertThat(stamped.body()).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z system is running\n");
    HttpResponse<String> init = cluster.agentGet("/containerLogs/default/init-pod/centos1");
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.body()).isEmpty();
    HttpResponse<String> previous = cluster.agentGet("/containerLogs/default/init-pod/centos3?previous=true");
    assertThat(previous.statusCode()).isEqualTo(400);
    assertThat(previous.body()).contains("previous terminated container \"centos3\" in pod \"init-pod\" not found");
    assertThat(cluster.agentGet("/containerLogs/default/no-such-pod/c").statusCode()).isEqualTo(404);

    Kubectl.Result viaKubectl = kubectl.run("logs", "init-pod", "-c", "centos3");
    assertThat(viaKubectl.code()).as(viaKubectl.all()).isZero();
    assertThat(viaKubectl.out()).isEqualTo("system is running\n");
    Kubectl.Result finishedInit = kubectl.run("logs", "init-pod", "-c", "centos1");
    assertThat(finishedInit.code()).as(finishedInit.all()).isZero();
    Kubectl.Result noSuchContainer = kubectl.run("logs", "init-pod", "-c", "nope");
    assertThat(noSuchContainer.err()).contains("container nope is not valid for pod init-pod");
  }

  @Test
  @Order(4)
  void theAgentRefusesClientsWithoutACertificateFromTheClusterCa() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.agentGet("/healthz", null, null))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  @Order(5)
  void deletingThePodLeavesNothingOnTheHost() throws Exception {
    Pod pod = cluster.pod("init-pod");
    String uid = pod.getMetadata().getUid();
    assertThat(cluster.leftovers(uid)).isNotEmpty();
    Kubectl.Result deleted = kubectl.run("delete", "pod", "init-pod", "--grace-period=2", "--wait=false");
    assertThat(deleted.code()).as(deleted.all()).isZero();
    Await.until("init-pod to be gone from the API", PodFixturesIT.WAIT, () -> cluster.pod("init-pod") == null);
    assertThat(cluster.leftovers(uid)).isEmpty();
    List<Event> killing = cluster.client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> uid.equals(e.getInvolvedObject().getUid()) && "Killing".equals(e.getReason())).toList();
    assertThat(killing).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Stopping container centos3"));
  }

  @Test
  @Order(6)
  void theCorrectedEmptyDirManifestSharesWhatTheInitContainersWrote() throws Exception {
    Kubectl.Result applied = kubectl.run("apply", "-f", seed("init-volume.yaml").toString());
    assertThat(applied.code()).as(applied.all()).isZero();
    Pod running = cluster.awaitPod("init-volume-pod to run", "init-volume-pod", p -> "Running".equals(p.getStatus().getPhase()) && ready(p));
    Path log = cluster.logRoot.resolve("default_init-volume-pod_" + running.getMetadata().getUid()).resolve("centos3").resolve("0.log");
    Await.until("centos3 to print the files", PodFixturesIT.WAIT, () -> Files.exists(log) && read(log).contains("system is running"));
    HttpResponse<String> logs = cluster.agentGet("/containerLogs/default/init-volume-pod/centos3");
    assertThat(logs.body()).isEqualTo("123\n456\nsystem is running\n");
  }

  private static boolean ready(Pod p) {
    return p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}

package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import io.skiff.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against the real API server, in-process: nodes are created through the API (status through the
 * status subresource), the scheduler runs with its own fabric8 client, and the tests watch pods, conditions and
 * events the way kubectl would. Each test gets a fresh control plane so that node counts in messages are its own.
 */
class SchedulerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "default";

  private Path dataDir;
  private ControlPlane plane;
  private KubernetesClient client;
  private KubernetesClient schedulerClient;
  private Scheduler scheduler;

  @BeforeEach
  void startControlPlane() throws Exception {
    dataDir = Files.createTempDirectory("skiff-scheduler-it");
    plane = ControlPlane.start(new ControlPlane.Config(dataDir, "127.0.0.1", 0, null));
    client = newClient();
  }

  @AfterEach
  void stop() throws Exception {
    if (scheduler != null) {
      scheduler.close();
    }
    if (schedulerClient != null) {
      schedulerClient.close();
    }
    if (client != null) {
      client.close();
    }
    if (plane != null) {
      plane.close();
    }
    TestFiles.deleteTree(dataDir);
  }

  /**
   * A client for the in-process server. Two settings differ from Fabric8FlowsIT, on purpose, while the API server is
   * being finished: it authenticates with the cluster token (fabric8 7.5 cannot read the {@code EC PRIVATE KEY} PEM the
   * kubeconfig holds today: "Invalid DER: object is not integer"), and it watches over plain HTTP (the WebSocket
   * upgrade fabric8 tries first for watches gets no answer, so informers never sync). Both can go once the server
   * handles them; nothing else in this test depends on them.
   */
  private KubernetesClient newClient() throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setClientCertData(null);
    config.setClientKeyData(null);
    config.setOauthToken(Files.readString(dataDir.resolve("token")).trim());
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private void startScheduler() throws Exception {
    schedulerClient = newClient();
    scheduler = Scheduler.start(schedulerClient, SchedulerConfig.defaults());
  }

  @Test
  void podIsBoundToTheNodeThatFitsAndScheduledIsRecorded() throws Exception {
    createNode("small", "1", "1Gi", Map.of(), List.of());
    createNode("big", "4", "8Gi", Map.of(), List.of());
    startScheduler();

    Pod pod = createPod(pod("fit", "2", "1Gi"));

    Pod bound = awaitBound("fit");
    assertThat(bound.getSpec().getNodeName()).isEqualTo("big");
    assertThat(condition(bound, "PodScheduled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    Event scheduled = awaitEvent(pod, "Scheduled", "Successfully assigned default/fit to big");
    assertThat(scheduled.getType()).isEqualTo("Normal");
    assertThat(scheduled.getSource().getComponent()).isEqualTo("default-scheduler");
    assertThat(scheduled.getReportingComponent()).isEqualTo("default-scheduler");
    assertThat(scheduled.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(scheduled.getInvolvedObject().getName()).isEqualTo("fit");
    assertThat(scheduled.getInvolvedObject().getNamespace()).isEqualTo(NS);
    assertThat(scheduled.getInvolvedObject().getApiVersion()).isEqualTo("v1");
  }

  @Test
  void podTooBigIsUnschedulableUntilAFittingNodeArrives() throws Exception {
    createNode("n1", "1", "1Gi", Map.of(), List.of());
    startScheduler();

    Pod pod = createPod(pod("huge", "500m", "2Gi"));

    String message = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: "
        + "1 No preemption victims found for incoming pod.";
    Event failed = awaitEvent(pod, "FailedScheduling", message);
    assertThat(failed.getType()).isEqualTo("Warning");
    assertThat(failed.getReportingComponent()).isEqualTo("default-scheduler");
    Pod unschedulable = Await.until("PodScheduled False with the FitError", WAIT, () -> get("huge"),
        p -> condition(p, "PodScheduled").filter(c -> "False".equals(c.getStatus()) && message.equals(c.getMessage())).isPresent());
    assertThat(condition(unschedulable, "PodScheduled").orElseThrow().getReason()).isEqualTo("Unschedulable");
    assertThat(unschedulable.getSpec().getNodeName()).isNullOrEmpty();

    createNode("n2", "2", "4Gi", Map.of(), List.of());

    assertThat(awaitBound("huge").getSpec().getNodeName()).isEqualTo("n2");
    awaitEvent(pod, "Scheduled", "Successfully assigned default/huge to n2");
  }

  @Test
  void taintedNodeIsAvoidedUnlessTolerated() throws Exception {
    Taint gpu = new TaintBuilder().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").build();
    createNode("gpu-node", "4", "8Gi", Map.of(), List.of(gpu));
    startScheduler();

    Pod plain = createPod(pod("plain", "100m", "64Mi"));
    Pod tolerating = createPod(new PodBuilder(pod("tolerating", "100m", "64Mi")).editSpec().addNewToleration()
        .withKey("dedicated").withOperator("Equal").withValue("gpu").withEffect("NoSchedule").endToleration().endSpec().build());

    assertThat(awaitBound("tolerating").getSpec().getNodeName()).isEqualTo("gpu-node");
    awaitEvent(plain, "FailedScheduling", "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. "
        + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    assertThat(get("plain").getSpec().getNodeName()).isNullOrEmpty();
    assertThat(tolerating.getMetadata().getName()).isEqualTo("tolerating");
  }

  @Test
  void nodeSelectorIsHonoured() throws Exception {
    createNode("ssd", "4", "8Gi", Map.of("disktype", "ssd"), List.of());
    createNode("hdd", "4", "8Gi", Map.of("disktype", "hdd"), List.of());
    startScheduler();

    for (int i = 0; i < 3; i++) {
      createPod(new PodBuilder(pod("on-ssd-" + i, "500m", "256Mi")).editSpec().addToNodeSelector("disktype", "ssd").endSpec().build());
    }
    Pod nowhere = createPod(new PodBuilder(pod("on-nvme", "100m", "64Mi")).editSpec().addToNodeSelector("disktype", "nvme").endSpec().build());

    for (int i = 0; i < 3; i++) {
      assertThat(awaitBound("on-ssd-" + i).getSpec().getNodeName()).isEqualTo("ssd");
    }
    awaitEvent(nowhere, "FailedScheduling", "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. "
        + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  }

  @Test
  void roomTakenByBoundPodsIsFreedWhenTheyAreDeleted() throws Exception {
    createNode("n1", "2", "4Gi", Map.of(), List.of());
    startScheduler();

    createPod(pod("first", "1500m", "1Gi"));
    assertThat(awaitBound("first").getSpec().getNodeName()).isEqualTo("n1");
    Pod second = createPod(pod("second", "1", "1Gi"));
    awaitEvent(second, "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu. "
        + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");

    client.pods().inNamespace(NS).withName("first").withGracePeriod(0).delete();

    assertThat(awaitBound("second").getSpec().getNodeName()).isEqualTo("n1");
  }

  @Test
  void aRepeatedFailureUpdatesTheCountOfOneEvent() throws Exception {
    createNode("n1", "1", "1Gi", Map.of(), List.of());
    startScheduler();
    Pod pod = createPod(pod("too-much-cpu", "3", "64Mi"));
    String message = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
        + "1 No preemption victims found for incoming pod.";
    awaitEvent(pod, "FailedScheduling", message);

    client.nodes().withName("n1").edit(n -> new NodeBuilder(n).editMetadata().addToLabels("touched", "yes").endMetadata().build());

    Event counted = Await.until("the FailedScheduling event counted twice", WAIT, () -> events(pod, "FailedScheduling"),
        list -> list.size() == 1 && list.get(0).getCount() != null && list.get(0).getCount() >= 2).get(0);
    assertThat(counted.getMessage()).isEqualTo(message);
  }

  private Node createNode(String name, String cpu, String memory, Map<String, String> labels, List<Taint> taints) {
    Map<String, String> allLabels = new HashMap<>(labels);
    allLabels.put("kubernetes.io/hostname", name);
    Node created = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(allLabels).endMetadata()
        .withNewSpec().withTaints(taints).endSpec().build()).create();
    created.setStatus(new NodeStatusBuilder()
        .addToCapacity("cpu", new Quantity(cpu)).addToCapacity("memory", new Quantity(memory)).addToCapacity("pods", new Quantity("110"))
        .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
        .addToAllocatable("pods", new Quantity("110"))
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withMessage("kubelet is posting ready status").endCondition()
        .build());
    Node ready = client.nodes().resource(created).updateStatus();
    assertThat(ready.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus()).contains("Ready=True");
    return ready;
  }

  private static Pod pod(String name, String cpu, String memory) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("busybox").withCommand("sleep", "3600")
        .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory)).endResources()
        .endContainer().endSpec().build();
  }

  private Pod createPod(Pod pod) {
    return client.pods().inNamespace(NS).resource(pod).create();
  }

  private Pod get(String name) {
    return client.pods().inNamespace(NS).withName(name).get();
  }

  private Pod awaitBound(String name) {
    return Await.until("pod " + name + " bound", WAIT, () -> get(name),
        p -> p != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty());
  }

  private List<Event> events(Pod pod, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private Event awaitEvent(Pod pod, String reason, String message) {
    List<Event> seen = Await.until(reason + " event for " + pod.getMetadata().getName() + " saying: " + message, WAIT,
        () -> events(pod, reason), l -> l.stream().anyMatch(e -> message.equals(e.getMessage())));
    return seen.stream().filter(e -> message.equals(e.getMessage())).findFirst().orElseThrow();
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}

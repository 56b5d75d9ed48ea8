package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.skiff.kubelet.hollow.HollowConfig;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import io.skiff.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Preemption end to end: the real API server, the scheduler and one hollow node (2 cpus) in one process, every part a
 * fabric8 client; PriorityClasses made with the real kubectl. The node is filled with pods of two low priorities; a pod
 * of a high priority class then fits only if two of them go. The scheduler must evict exactly the two least important
 * (DisruptionTarget condition, Preempted event, graceful deletion that the node completes), nominate the pod to the
 * node, and bind it there once they are gone. With two nodes whose only victims differ, the node whose victim a
 * PodDisruptionBudget protects is passed over for the one without budget violations.
 */
@Tag("kubectl")
class PreemptionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "default";
  private static final String NODE = "preempt-0";

  private HollowTestCluster cluster;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeEach
  void requireKubectl() {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), Kubectl.NEWEST + " is not installed");
  }

  private void startCluster(int nodes) throws Exception {
    cluster = HollowTestCluster.start("preemption", HollowConfig.of("preempt-", nodes).withCapacity(2, 4L << 30),
        c -> Scheduler.start(c, SchedulerConfig.defaults()));
    client = cluster.client;
    kubectl = cluster.kubectl();
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Pod pod(String name, String priorityClass, String cpu) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
        .withPriorityClassName(priorityClass).addNewContainer().withName("app").withImage("busybox:1.36")
        .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources().endContainer().endSpec().build();
  }

  private Pod create(Pod pod) {
    return client.pods().inNamespace(NS).resource(pod).create();
  }

  private void awaitRunning(String name) {
    Await.until(name + " Running", WAIT, () -> client.pods().inNamespace(NS).withName(name).get(),
        p -> p != null && "Running".equals(p.getStatus().getPhase()));
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Test
  void kubectlPrintsPriorityClassesAsATableWithTheSystemClasses() throws Exception {
    startCluster(1);
    Kubectl.Result created = kubectl.run("create", "priorityclass", "batch", "--value=50", "--preemption-policy=Never",
        "--description=batch work");
    assertThat(created.code()).as(created.all()).isZero();

    Kubectl.Result table = kubectl.run("get", "pc");

    assertThat(table.code()).as(table.all()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY");
    assertThat(lines.subList(1, lines.size())).extracting(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 3)) + " "
        + l.split("\\s+")[4]).containsExactly("batch 50 false Never", "system-cluster-critical 2000000000 false PreemptLowerPriority",
        "system-node-critical 2000001000 false PreemptLowerPriority");
    Kubectl.Result reserved = kubectl.run("create", "priorityclass", "system-mine", "--value=5");
    assertThat(reserved.code()).isNotZero();
    assertThat(reserved.err()).contains("PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority "
        + "class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class");
  }

  @Test
  void aHighPriorityPodEvictsTheLeastImportantPodsAndIsBoundToTheirNode() throws Exception {
    startCluster(1);
    for (String[] pc : new String[][] {{"low", "10"}, {"mid", "20"}, {"high", "1000"}}) {
      Kubectl.Result r = kubectl.run("create", "priorityclass", pc[0], "--value=" + pc[1]);
      assertThat(r.code()).as(r.all()).isZero();
    }
    List<Pod> seen = new CopyOnWriteArrayList<>();
    Watch watch = client.pods().inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        seen.add(pod);
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    try {
      for (String name : List.of("low-0", "low-1", "mid-0", "mid-1")) {
        create(pod(name, name.substring(0, name.indexOf('-')), "500m"));
      }
      for (String name : List.of("low-0", "low-1", "mid-0", "mid-1")) {
        awaitRunning(name);
      }
      assertThat(client.pods().inNamespace(NS).withName("low-0").get().getSpec().getPriority()).isEqualTo(10);

      Pod high = create(pod("high", "high", "1"));
      String uid = high.getMetadata().getUid();

      Pod bound = Await.until("high bound", WAIT, () -> client.pods().inNamespace(NS).withName("high").get(),
          p -> p.getSpec().getNodeName() != null);
      assertThat(bound.getSpec().getNodeName()).isEqualTo(NODE);
      assertThat(bound.getSpec().getPriority()).isEqualTo(1000);
      awaitRunning("high");
      assertThat(client.pods().inNamespace(NS).withName("low-0").get()).isNull();
      assertThat(client.pods().inNamespace(NS).withName("low-1").get()).isNull();
      assertThat(client.pods().inNamespace(NS).withName("mid-0").get().getStatus().getPhase()).isEqualTo("Running");
      assertThat(client.pods().inNamespace(NS).withName("mid-1").get().getStatus().getPhase()).isEqualTo("Running");

      for (String victim : List.of("low-0", "low-1")) {
        Pod marked = seen.stream().filter(p -> p.getMetadata().getName().equals(victim) && condition(p, "DisruptionTarget").isPresent())
            .findFirst().orElseThrow(() -> new AssertionError(victim + " never had the DisruptionTarget condition"));
        PodCondition c = condition(marked, "DisruptionTarget").orElseThrow();
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
        assertThat(c.getMessage()).isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
        assertThat(seen).as(victim + " deleted gracefully").anyMatch(p -> p.getMetadata().getName().equals(victim)
            && p.getMetadata().getDeletionTimestamp() != null);
        Event preempted = Await.until(victim + " Preempted event", WAIT, () -> events(victim, "Preempted"), l -> !l.isEmpty()).get(0);
        assertThat(preempted.getType()).isEqualTo("Normal");
        assertThat(preempted.getMessage()).isEqualTo("Preempted by pod " + uid + " on node " + NODE);
        assertThat(preempted.getRelated().getName()).isEqualTo("high");
      }
      assertThat(seen).as("high nominated to the node before it was bound").anyMatch(p -> p.getMetadata().getName().equals("high")
          && NODE.equals(p.getStatus().getNominatedNodeName()) && p.getSpec().getNodeName() == null);
      assertThat(seen).as("the mid pods were never preempted").noneMatch(p -> p.getMetadata().getName().startsWith("mid-")
          && (p.getMetadata().getDeletionTimestamp() != null || condition(p, "DisruptionTarget").isPresent()));
      assertThat(events("high", "FailedScheduling")).extracting(Event::getMessage).contains("0/1 nodes are available: 1 Insufficient cpu.");
    } finally {
      watch.close();
    }
  }

  @Test
  void theNodeWhoseVictimABudgetProtectsIsNotChosen() throws Exception {
    startCluster(2);
    for (String[] pc : new String[][] {{"low", "10"}, {"mid", "20"}, {"high", "1000"}}) {
      Kubectl.Result r = kubectl.run("create", "priorityclass", pc[0], "--value=" + pc[1]);
      assertThat(r.code()).as(r.all()).isZero();
    }
    // No disruption controller runs here: the budget keeps an empty status, so it allows no disruption.
    Kubectl.Result pdb = kubectl.run("create", "pdb", "guarded", "--selector=app=guarded", "--min-available=1");
    assertThat(pdb.code()).as(pdb.all()).isZero();
    // Without the budget preempt-0 would be chosen: its only victim has the lower priority.
    create(new PodBuilder(pod("guarded", "low", "1500m")).editMetadata().addToLabels("app", "guarded").endMetadata()
        .editSpec().withNodeName("preempt-0").endSpec().build());
    create(new PodBuilder(pod("open", "mid", "1500m")).editSpec().withNodeName("preempt-1").endSpec().build());
    awaitRunning("guarded");
    awaitRunning("open");

    create(pod("high", "high", "1"));

    Pod bound = Await.until("high bound", WAIT, () -> client.pods().inNamespace(NS).withName("high").get(),
        p -> p.getSpec().getNodeName() != null);
    assertThat(bound.getSpec().getNodeName()).isEqualTo("preempt-1");
    assertThat(client.pods().inNamespace(NS).withName("open").get()).isNull();
    Pod guarded = client.pods().inNamespace(NS).withName("guarded").get();
    assertThat(guarded.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(condition(guarded, "DisruptionTarget")).isEmpty();
  }

  private List<Event> events(String pod, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }
}

package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodPrinterTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final PodStrategy STRATEGY = new PodStrategy();

  static String ago(Duration d) {
    return NOW.minus(d).toString();
  }

  /** A pod with {@code inits} init containers ({@code sidecars} of them first with restartPolicy Always) and {@code apps} app containers. */
  static Pod pod(int inits, int sidecars, int apps) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withCreationTimestamp(ago(Duration.ofSeconds(182)))
        .endMetadata().withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus();
    Pod pod = b.build();
    for (int i = 0; i < inits; i++) {
      var c = PodValidationTest.container("init" + i);
      if (i < sidecars) {
        c.setRestartPolicy("Always");
      }
      pod.getSpec().getInitContainers().add(c);
    }
    for (int i = 0; i < apps; i++) {
      pod.getSpec().getContainers().add(PodValidationTest.container("app" + i));
    }
    return pod;
  }

  static ContainerStatus waiting(String name, String reason) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(0).withReady(false).withStarted(false)
        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build()).build();
  }

  static ContainerStatus running(String name, boolean ready) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(0).withReady(ready).withStarted(true)
        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(ago(Duration.ofMinutes(1))).endRunning().build()).build();
  }

  static ContainerStatus terminated(String name, int exitCode, String reason, Integer signal) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(0).withReady(exitCode == 0).withStarted(false)
        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason).withSignal(signal)
            .withFinishedAt(ago(Duration.ofSeconds(30))).endTerminated().build()).build();
  }

  static ContainerStatus restarted(ContainerStatus s, int count, Duration lastFinishedAgo) {
    s.setRestartCount(count);
    if (lastFinishedAgo != null) {
      s.setLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error")
          .withFinishedAt(ago(lastFinishedAgo)).endTerminated().build());
    }
    return s;
  }

  static Consumer<Pod> phase(String phase) {
    return p -> p.getStatus().setPhase(phase);
  }

  static Consumer<Pod> apps(ContainerStatus... statuses) {
    return p -> p.getStatus().setContainerStatuses(new ArrayList<>(List.of(statuses)));
  }

  static Consumer<Pod> inits(ContainerStatus... statuses) {
    return p -> p.getStatus().setInitContainerStatuses(new ArrayList<>(List.of(statuses)));
  }

  static Consumer<Pod> condition(String type, String status, String reason) {
    return p -> p.getStatus().getConditions().add(new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).build());
  }

  static Consumer<Pod> deleting() {
    return p -> p.getMetadata().setDeletionTimestamp(ago(Duration.ofSeconds(-30)));
  }

  record Case(String name, Pod pod, String ready, String status, String restarts) {
    @Override
    public String toString() {
      return name + " -> " + status;
    }
  }

  @SafeVarargs
  static Case c(String name, int inits, int sidecars, int apps, String ready, String status, String restarts, Consumer<Pod>... changes) {
    Pod pod = pod(inits, sidecars, apps);
    for (Consumer<Pod> change : changes) {
      change.accept(pod);
    }
    return new Case(name, pod, ready, status, restarts);
  }

  static Stream<Case> statuses() {
    return Stream.of(
        c("unscheduled", 0, 0, 1, "0/1", "Pending", "0"),
        c("container being created", 0, 0, 1, "0/1", "ContainerCreating", "0", apps(waiting("app0", "ContainerCreating"))),
        c("running and ready", 0, 0, 1, "1/1", "Running", "0", phase("Running"), apps(running("app0", true))),
        c("running, not yet ready", 0, 0, 1, "0/1", "Running", "0", phase("Running"), apps(running("app0", false))),
        c("completed", 0, 0, 1, "0/1", "Completed", "0", phase("Succeeded"), apps(terminated("app0", 0, "Completed", null))),
        c("failed", 0, 0, 1, "0/1", "Error", "0", phase("Failed"), apps(terminated("app0", 1, "Error", null))),
        c("killed for memory", 0, 0, 1, "0/1", "OOMKilled", "0", phase("Running"), apps(terminated("app0", 137, "OOMKilled", null))),
        c("exit code without reason", 0, 0, 1, "0/1", "ExitCode:2", "0", phase("Failed"), apps(terminated("app0", 2, "", null))),
        c("signal without reason", 0, 0, 1, "0/1", "Signal:9", "0", phase("Failed"), apps(terminated("app0", 137, "", 9))),
        c("crash looping", 0, 0, 1, "0/1", "CrashLoopBackOff", "5 (5s ago)", phase("Running"),
            apps(restarted(waiting("app0", "CrashLoopBackOff"), 5, Duration.ofSeconds(5)))),
        c("image pull failing", 0, 0, 1, "0/1", "ErrImagePull", "0", apps(waiting("app0", "ErrImagePull"))),
        c("image pull backing off", 0, 0, 1, "0/1", "ImagePullBackOff", "0", apps(waiting("app0", "ImagePullBackOff"))),
        c("config missing", 0, 0, 1, "0/1", "CreateContainerConfigError", "0", apps(waiting("app0", "CreateContainerConfigError"))),
        c("first container's state wins", 0, 0, 2, "1/2", "CrashLoopBackOff", "3 (2m ago)", phase("Running"),
            apps(restarted(waiting("app0", "CrashLoopBackOff"), 3, Duration.ofMinutes(2)), running("app1", true))),
        c("restarts without a finish time", 0, 0, 1, "1/1", "Running", "4", phase("Running"), apps(restarted(running("app0", true), 4, null))),
        c("restart age is the newest", 0, 0, 2, "2/2", "Running", "3 (40s ago)", phase("Running"),
            apps(restarted(running("app0", true), 1, Duration.ofMinutes(5)), restarted(running("app1", true), 2, Duration.ofSeconds(40)))),
        c("completed container next to a ready one", 0, 0, 2, "1/2", "Running", "0", phase("Running"), condition("Ready", "True", null),
            apps(terminated("app0", 0, "Completed", null), running("app1", true))),
        c("completed container next to an unready pod", 0, 0, 2, "1/2", "NotReady", "0", phase("Running"), condition("Ready", "False", null),
            apps(terminated("app0", 0, "Completed", null), running("app1", true))),
        c("first init container running", 2, 0, 1, "0/1", "Init:0/2", "0",
            inits(running("init0", false), waiting("init1", "PodInitializing")), apps(waiting("app0", "PodInitializing"))),
        c("second init container running", 2, 0, 1, "0/1", "Init:1/2", "0",
            inits(terminated("init0", 0, "Completed", null), running("init1", false)), apps(waiting("app0", "PodInitializing"))),
        c("init containers not yet started", 2, 0, 1, "0/1", "Init:0/2", "0",
            inits(waiting("init0", "PodInitializing"), waiting("init1", "PodInitializing")), apps(waiting("app0", "PodInitializing"))),
        c("init containers done", 2, 0, 1, "0/1", "PodInitializing", "0", condition("Initialized", "True", null),
            inits(terminated("init0", 0, "Completed", null), terminated("init1", 0, "Completed", null)), apps(waiting("app0", "PodInitializing"))),
        c("init done and app running", 2, 0, 1, "1/1", "Running", "0", phase("Running"), condition("Initialized", "True", null),
            inits(terminated("init0", 0, "Completed", null), terminated("init1", 0, "Completed", null)), apps(running("app0", true))),
        c("init restarts are dropped once initialized", 1, 0, 1, "1/1", "Running", "0", phase("Running"), condition("Initialized", "True", null),
            inits(restarted(terminated("init0", 0, "Completed", null), 2, Duration.ofMinutes(1))), apps(running("app0", true))),
        c("init container failed", 2, 0, 1, "0/1", "Init:Error", "0",
            inits(terminated("init0", 1, "Error", null), waiting("init1", "PodInitializing")), apps(waiting("app0", "PodInitializing"))),
        c("init container crash looping", 2, 0, 1, "0/1", "Init:CrashLoopBackOff", "3 (2m ago)",
            inits(restarted(waiting("init0", "CrashLoopBackOff"), 3, Duration.ofMinutes(2)), waiting("init1", "PodInitializing")),
            apps(waiting("app0", "PodInitializing"))),
        c("init image missing", 2, 0, 1, "0/1", "Init:ErrImagePull", "0",
            inits(waiting("init0", "ErrImagePull"), waiting("init1", "PodInitializing")), apps(waiting("app0", "PodInitializing"))),
        c("init image backing off", 2, 0, 1, "0/1", "Init:ImagePullBackOff", "0",
            inits(waiting("init0", "ImagePullBackOff"), waiting("init1", "PodInitializing")), apps(waiting("app0", "PodInitializing"))),
        c("init exit code without reason", 1, 0, 1, "0/1", "Init:ExitCode:3", "0", phase("Failed"),
            inits(terminated("init0", 3, "", null)), apps(waiting("app0", "PodInitializing"))),
        c("init signal without reason", 1, 0, 1, "0/1", "Init:Signal:15", "0",
            inits(terminated("init0", 143, "", 15)), apps(waiting("app0", "PodInitializing"))),
        c("sidecar started and ready", 2, 1, 1, "2/2", "Running", "2 (10s ago)", phase("Running"), condition("Initialized", "True", null),
            inits(restarted(running("init0", true), 2, Duration.ofSeconds(10)), terminated("init1", 0, "Completed", null)), apps(running("app0", true))),
        c("sidecar not started yet", 1, 1, 1, "0/2", "Init:0/1", "0",
            inits(waiting("init0", "PodInitializing")), apps(waiting("app0", "PodInitializing"))),
        c("init container being created", 1, 0, 1, "0/1", "Init:ContainerCreating", "0",
            inits(waiting("init0", "ContainerCreating")), apps(waiting("app0", "PodInitializing"))),
        c("terminating", 0, 0, 1, "1/1", "Terminating", "0", phase("Running"), apps(running("app0", true)), deleting()),
        c("deleted after success", 0, 0, 1, "0/1", "Completed", "0", phase("Succeeded"), apps(terminated("app0", 0, "Completed", null)), deleting()),
        c("node lost", 0, 0, 1, "1/1", "Unknown", "0", phase("Running"), p -> p.getStatus().setReason("NodeLost"), apps(running("app0", true)),
            deleting()),
        c("evicted", 0, 0, 1, "0/1", "Evicted", "0", phase("Failed"), p -> p.getStatus().setReason("Evicted")),
        c("scheduling gated", 0, 0, 1, "0/1", "SchedulingGated", "0", condition("PodScheduled", "False", "SchedulingGated")));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void printsReadyStatusAndRestartsAsKubectl(Case c) {
    List<Object> cells = STRATEGY.cells(c.pod(), NOW);
    assertThat(cells.subList(0, 5)).containsExactly("web", c.ready(), c.status(), c.restarts(), "3m2s");
  }

  @Test
  void wideCellsShowIpNodeNominatedNodeAndReadinessGates() {
    Pod pod = pod(0, 0, 1);
    pod.getSpec().setNodeName("node-1");
    pod.getSpec().setReadinessGates(List.of(new PodReadinessGate("example.com/lb"), new PodReadinessGate("example.com/dns")));
    pod.getStatus().setPodIPs(List.of(new PodIP("10.42.0.7"), new PodIP("fd00::7")));
    pod.getStatus().setNominatedNodeName("node-2");
    condition("example.com/dns", "True", null).accept(pod);
    condition("example.com/lb", "False", null).accept(pod);

    assertThat(STRATEGY.cells(pod, NOW).subList(5, 9)).containsExactly("10.42.0.7", "node-1", "node-2", "1/2");
  }

  @Test
  void wideCellsShowNoneWhenUnset() {
    assertThat(STRATEGY.cells(pod(0, 0, 1), NOW).subList(5, 9)).containsExactly("<none>", "<none>", "<none>", "<none>");
  }

  @Test
  void columnsAreKubectlsPodColumns() {
    assertThat(STRATEGY.columns()).extracting(c -> c.name().toUpperCase() + "/" + c.priority()).containsExactly(
        "NAME/0", "READY/0", "STATUS/0", "RESTARTS/0", "AGE/0", "IP/1", "NODE/1", "NOMINATED NODE/1", "READINESS GATES/1");
    assertThat(STRATEGY.columns().get(0).format()).isEqualTo("name");
    assertThat(STRATEGY.columns()).allSatisfy(c -> assertThat(c.type()).isEqualTo("string"));
  }

  @Test
  void podWithoutCreationTimestampIsOfUnknownAge() {
    Pod pod = pod(0, 0, 1);
    pod.getMetadata().setCreationTimestamp(null);
    assertThat(STRATEGY.cells(pod, NOW).get(4)).isEqualTo("<unknown>");
  }
}

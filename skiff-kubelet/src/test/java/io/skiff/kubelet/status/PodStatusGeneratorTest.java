package io.skiff.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.pod.StatusFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodStatusGeneratorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

  /**
   * One row: the pod, the runtime, start failures, whether it is terminating; the phase, the containers in short form
   * ({@code name=state(reason)} for init then app containers) and the conditions ({@code Type=Status(reason)}).
   */
  record Row(String description, Pod pod, Function<Pod, io.skiff.kubelet.pod.ObservedPod> observed, Map<String, Waiting> failures,
      boolean terminal, String phase, String containers, String conditions) {
    @Override
    public String toString() {
      return description;
    }
  }

  static PodStatus generate(Pod pod, io.skiff.kubelet.pod.ObservedPod observed, Map<String, Waiting> failures, boolean terminal) {
    return PodStatusGenerator.generate(new PodStatusGenerator.Input(pod, observed, failures, terminal, "192.168.1.5", "runc", NOW));
  }

  static String containers(PodStatus s) {
    return Stream.concat(s.getInitContainerStatuses().stream(), s.getContainerStatuses().stream()).map(PodStatusGeneratorTest::brief)
        .collect(Collectors.joining(" "));
  }

  static String brief(ContainerStatus c) {
    var st = c.getState();
    String state = st.getRunning() != null ? "running"
        : st.getTerminated() != null ? "terminated(" + st.getTerminated().getReason() + ":" + st.getTerminated().getExitCode() + ")"
        : "waiting(" + st.getWaiting().getReason() + ")";
    String last = c.getLastState() != null && c.getLastState().getTerminated() != null ? "+last" : "";
    return c.getName() + "=" + state + last + (c.getReady() ? "+ready" : "") + "#" + c.getRestartCount();
  }

  static String conditions(PodStatus s) {
    return s.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : "(" + c.getReason() + ")"))
        .collect(Collectors.joining(" "));
  }

  static Stream<Row> rows() {
    Pod seed = StatusFixtures.pod("Always", List.of("centos1", "centos2"), List.of("centos3"));
    Pod never = StatusFixtures.pod("Never", List.of("init"), List.of("app"));
    Pod plain = StatusFixtures.pod("Always", List.of(), List.of("web", "api"));
    Pod onFailure = StatusFixtures.pod("OnFailure", List.of(), List.of("job"));
    Pod sidecar = StatusFixtures.pod("Always", List.of("sc:proxy"), List.of("app"));
    return Stream.of(
        new Row("before anything runs every container waits for initialization", seed, p -> StatusFixtures.observed(p).build(), Map.of(), false,
            "Pending", "centos1=waiting(PodInitializing)#0 centos2=waiting(PodInitializing)#0 centos3=waiting(PodInitializing)#0",
            "PodReadyToStartContainers=False Initialized=False(ContainersNotInitialized) Ready=False(ContainersNotReady) "
                + "ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("without init containers the app waits in ContainerCreating", plain, p -> StatusFixtures.observed(p).readySandbox().build(),
            Map.of(), false, "Pending", "api=waiting(ContainerCreating)#0 web=waiting(ContainerCreating)#0",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady) ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("the first init container running", seed, p -> StatusFixtures.observed(p).readySandbox().running("centos1", 0).build(), Map.of(),
            false, "Pending", "centos1=running#0 centos2=waiting(PodInitializing)#0 centos3=waiting(PodInitializing)#0",
            "PodReadyToStartContainers=True Initialized=False(ContainersNotInitialized) Ready=False(ContainersNotReady) "
                + "ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("init containers done, the app container not yet started", seed,
            p -> StatusFixtures.observed(p).readySandbox().exited("centos1", 0, 0).exited("centos2", 0, 0).build(), Map.of(), false, "Pending",
            "centos1=terminated(Completed:0)+ready#0 centos2=terminated(Completed:0)+ready#0 centos3=waiting(PodInitializing)#0",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady) ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("the seed pod running", seed,
            p -> StatusFixtures.observed(p).readySandbox().exited("centos1", 0, 0).exited("centos2", 0, 0).running("centos3", 0).build(), Map.of(),
            false, "Running", "centos1=terminated(Completed:0)+ready#0 centos2=terminated(Completed:0)+ready#0 centos3=running+ready#0",
            "PodReadyToStartContainers=True Initialized=True Ready=True ContainersReady=True PodScheduled=True"),
        new Row("a failed init container under Never fails the pod", never,
            p -> StatusFixtures.observed(p).sandbox(0, false, "").exited("init", 0, 1).build(), Map.of(), false, "Failed",
            "init=terminated(Error:1)#0 app=waiting(PodInitializing)#0",
            "PodReadyToStartContainers=False Initialized=False(ContainersNotInitialized) Ready=False(PodFailed) ContainersReady=False(PodFailed) "
                + "PodScheduled=True"),
        new Row("a crash-looping init container keeps the pod pending", seed,
            p -> StatusFixtures.observed(p).readySandbox().exited("centos1", 0, 1).exited("centos1", 1, 1).build(),
            Map.of("centos1", new Waiting("CrashLoopBackOff", "back-off 10s")), false, "Pending",
            "centos1=waiting(CrashLoopBackOff)+last#1 centos2=waiting(PodInitializing)#0 centos3=waiting(PodInitializing)#0",
            "PodReadyToStartContainers=True Initialized=False(ContainersNotInitialized) Ready=False(ContainersNotReady) "
                + "ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("a crash-looping app container keeps the pod running under Always", plain,
            p -> StatusFixtures.observed(p).readySandbox().running("web", 0).exited("api", 2, 1).build(),
            Map.of("api", new Waiting("CrashLoopBackOff", "back-off 20s")), false, "Running",
            "api=waiting(CrashLoopBackOff)+last#2 web=running+ready#0",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady) ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("an image pull failure keeps the pod pending", plain, p -> StatusFixtures.observed(p).readySandbox().running("web", 0).build(),
            Map.of("api", new Waiting("ImagePullBackOff", "Back-off pulling image")), false, "Pending",
            "api=waiting(ImagePullBackOff)#0 web=running+ready#0",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady) ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("a start failure of a running container is not shown", plain,
            p -> StatusFixtures.observed(p).readySandbox().running("web", 0).running("api", 0).build(),
            Map.of("api", new Waiting("CreateContainerConfigError", "x")), false, "Running", "api=running+ready#0 web=running+ready#0",
            "PodReadyToStartContainers=True Initialized=True Ready=True ContainersReady=True PodScheduled=True"),
        new Row("a job that succeeded under OnFailure", onFailure, p -> StatusFixtures.observed(p).sandbox(0, false, "").exited("job", 0, 1).exited("job", 1, 0).build(),
            Map.of(), false, "Succeeded", "job=terminated(Completed:0)+last#1",
            "PodReadyToStartContainers=False Initialized=True(PodCompleted) Ready=False(PodCompleted) ContainersReady=False(PodCompleted) PodScheduled=True"),
        new Row("a job that failed under OnFailure keeps running", onFailure, p -> StatusFixtures.observed(p).readySandbox().exited("job", 0, 1).build(),
            Map.of(), false, "Running", "job=terminated(Error:1)#0",
            "PodReadyToStartContainers=True Initialized=True Ready=False(ContainersNotReady) ContainersReady=False(ContainersNotReady) PodScheduled=True"),
        new Row("a deleted pod whose containers were killed is Failed", plain,
            p -> StatusFixtures.observed(p).sandbox(0, false, "").exited("web", 0, 137).exited("api", 0, 137).build(), Map.of(), true, "Failed",
            "api=terminated(Error:137)#0 web=terminated(Error:137)#0",
            "PodReadyToStartContainers=False Initialized=True Ready=False(PodFailed) ContainersReady=False(PodFailed) PodScheduled=True"),
        new Row("a deleted pod whose containers all exited 0 is Succeeded", plain,
            p -> StatusFixtures.observed(p).sandbox(0, false, "").exited("web", 0, 0).exited("api", 0, 0).build(), Map.of(), true, "Succeeded",
            "api=terminated(Completed:0)#0 web=terminated(Completed:0)#0",
            "PodReadyToStartContainers=False Initialized=True(PodCompleted) Ready=False(PodCompleted) ContainersReady=False(PodCompleted) PodScheduled=True"),
        new Row("a started sidecar is ready and counts for ContainersReady", sidecar,
            p -> StatusFixtures.observed(p).readySandbox().running("proxy", 0).running("app", 0).build(), Map.of(), false, "Running",
            "proxy=running+ready#0 app=running+ready#0",
            "PodReadyToStartContainers=True Initialized=True Ready=True ContainersReady=True PodScheduled=True"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void generatesTheKubeletsStatus(Row row) {
    PodStatus s = generate(row.pod(), row.observed().apply(row.pod()), row.failures(), row.terminal());
    assertThat(s.getPhase()).isEqualTo(row.phase());
    assertThat(containers(s)).isEqualTo(row.containers());
    assertThat(conditions(s)).isEqualTo(row.conditions());
  }

  @Test
  void messagesListTheContainersInGoSliceForm() {
    Pod seed = StatusFixtures.pod("Always", List.of("init1", "init2"), List.of("web"));
    PodStatus s = generate(seed, StatusFixtures.observed(seed).readySandbox().running("init1", 0).build(), Map.of(), false);
    assertThat(condition(s, "Initialized").getMessage()).isEqualTo("containers with incomplete status: [init1 init2]");
    assertThat(condition(s, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [web]");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("containers with unready status: [web]");
  }

  @Test
  void idsImagesAndTimesComeFromTheRuntime() {
    Pod pod = StatusFixtures.pod("Always", List.of(), List.of("web"));
    PodStatus s = generate(pod, StatusFixtures.observed(pod).readySandbox().running("web", 0).build(), Map.of(), false);
    ContainerStatus web = s.getContainerStatuses().get(0);
    assertThat(web.getContainerID()).isEqualTo("runc://web-0-0");
    assertThat(web.getImage()).isEqualTo("docker.io/library/centos:7");
    assertThat(web.getImageID()).isEqualTo("docker.io/library/centos@sha256:ab");
    assertThat(web.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(web.getStarted()).isTrue();
    assertThat(s.getPodIP()).isEqualTo("10.0.0.2");
    assertThat(s.getPodIPs()).extracting(io.fabric8.kubernetes.api.model.PodIP::getIp).containsExactly("10.0.0.2");
    assertThat(s.getHostIP()).isEqualTo("192.168.1.5");
    assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:10:00Z");
  }

  @Test
  void terminalPhasesAreStickyAndTransitionTimesStayWhileTheStatusStays() {
    Pod pod = StatusFixtures.pod("Always", List.of(), List.of("web"));
    PodStatus first = generate(pod, StatusFixtures.observed(pod).readySandbox().running("web", 0).build(), Map.of(), false);
    Pod later = new PodBuilder(pod).withStatus(first).build();
    PodStatus second = PodStatusGenerator.generate(new PodStatusGenerator.Input(later,
        StatusFixtures.observed(pod).readySandbox().running("web", 0).build(), Map.of(), false, "192.168.1.5", "runc", NOW.plusSeconds(60)));
    assertThat(condition(second, "Ready").getLastTransitionTime()).isEqualTo(condition(first, "Ready").getLastTransitionTime());
    assertThat(second.getStartTime()).isEqualTo(first.getStartTime());

    Pod failed = new PodBuilder(pod).withNewStatus().withPhase("Failed").endStatus().build();
    PodStatus after = generate(failed, StatusFixtures.observed(pod).readySandbox().running("web", 0).build(), Map.of(), false);
    assertThat(after.getPhase()).isEqualTo("Failed");
  }

  @Test
  void readinessGatesMustBeTrueForReady() {
    Pod pod = new PodBuilder(StatusFixtures.pod("Always", List.of(), List.of("web"))).editSpec().addNewReadinessGate()
        .withConditionType("example.com/lb").endReadinessGate().endSpec().build();
    PodStatus s = generate(pod, StatusFixtures.observed(pod).readySandbox().running("web", 0).build(), Map.of(), false);
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ReadinessGatesNotReady");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("corresponding condition of pod readiness gate \"example.com/lb\" does not exist.");
  }

  private static PodCondition condition(PodStatus s, String type) {
    return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}

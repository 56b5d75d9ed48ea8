package io.skiff.kubelet.pod;

import static io.skiff.kubelet.pod.TestPods.observed;
import static io.skiff.kubelet.pod.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodActionPlannerTest {

  /** One row: a pod, what the runtime has, and the actions in short form. */
  record Row(String description, Pod pod, Function<Pod, ObservedPod> observed, String expected) {
    @Override
    public String toString() {
      return description;
    }
  }

  /** {@code kill}, {@code create#n}, {@code init}, {@code start[name#attempt ...]}, {@code stop[name ...]}, or {@code idle}. */
  static String summary(PodActions a) {
    if (a.idle()) {
      return "idle" + (a.initialized() ? "" : " uninitialized");
    }
    StringBuilder b = new StringBuilder();
    if (a.killPod()) {
      b.append("kill ");
    }
    if (a.createSandbox()) {
      b.append("create#").append(a.sandboxAttempt()).append(' ');
    }
    if (!a.start().isEmpty()) {
      b.append("start[").append(a.start().stream().map(s -> s.name() + "#" + s.attempt()).collect(Collectors.joining(" "))).append("] ");
    }
    if (!a.kill().isEmpty()) {
      b.append("stop[").append(a.kill().stream().map(PodActions.Kill::name).collect(Collectors.joining(" "))).append("] ");
    }
    return b.toString().trim();
  }

  static Pod seed(String policy) {
    return pod(policy, List.of("centos1", "centos2"), List.of("centos3"));
  }

  static Stream<Row> rows() {
    Pod plain = pod("Always", List.of(), List.of("app"));
    Pod two = pod("OnFailure", List.of(), List.of("a", "b"));
    Pod sidecar = pod("Always", List.of("sc:proxy", "setup"), List.of("app"));
    Pod hostNet = new PodBuilder(plain).editSpec().withHostNetwork(true).endSpec().build();
    return Stream.of(
        new Row("a new pod without init containers gets a sandbox and all its app containers", plain, p -> observed(p).build(),
            "kill create#0 start[app#0]"),
        new Row("a new pod with init containers gets a sandbox and its first init container only", seed("Always"), p -> observed(p).build(),
            "kill create#0 start[centos1#0]"),
        new Row("a ready sandbox with nothing run starts the first init container", seed("Always"), p -> observed(p).readySandbox().build(),
            "start[centos1#0]"),
        new Row("a running init container is waited for", seed("Always"), p -> observed(p).readySandbox().running("centos1", 0).build(),
            "idle uninitialized"),
        new Row("an init container that exited 0 is followed by the next", seed("Always"),
            p -> observed(p).readySandbox().exited("centos1", 0, 0).build(), "start[centos2#0]"),
        new Row("after the last init container the app containers start", seed("Always"),
            p -> observed(p).readySandbox().exited("centos1", 0, 0).exited("centos2", 0, 0).build(), "start[centos3#0]"),
        new Row("a failed init container is restarted under Always, earlier ones are not re-run", seed("Always"),
            p -> observed(p).readySandbox().exited("centos1", 0, 0).exited("centos2", 0, 1).build(), "start[centos2#1]"),
        new Row("a failed init container is restarted under OnFailure", seed("OnFailure"),
            p -> observed(p).readySandbox().exited("centos1", 2, 1).build(), "start[centos1#3]"),
        new Row("a failed init container kills the pod under Never", seed("Never"),
            p -> observed(p).readySandbox().exited("centos1", 0, 1).build(), "kill"),
        new Row("an init container in an unknown state kills the pod under Never", seed("Never"),
            p -> observed(p).readySandbox().exited("centos1", 0, 0).unknown("centos2", 0).build(), "kill"),
        new Row("an init container in an unknown state is stopped and restarted", seed("Always"),
            p -> observed(p).readySandbox().unknown("centos1", 0).build(), "start[centos1#1] stop[centos1]"),
        new Row("a running app container after initialization is kept", seed("Always"),
            p -> observed(p).readySandbox().exited("centos1", 0, 0).exited("centos2", 0, 0).running("centos3", 0).build(), "idle"),
        new Row("a running app container means initialized even without init records", seed("Always"),
            p -> observed(p).readySandbox().running("centos3", 0).build(), "idle"),
        new Row("an exited app container restarts under Always", plain, p -> observed(p).readySandbox().exited("app", 4, 0).build(),
            "start[app#5]"),
        new Row("an app container that failed restarts under OnFailure", two,
            p -> observed(p).readySandbox().exited("a", 0, 2).running("b", 0).build(), "start[a#1]"),
        new Row("an app container that succeeded stays down under OnFailure", two,
            p -> observed(p).readySandbox().exited("a", 0, 0).running("b", 0).build(), "idle"),
        new Row("a pod whose app containers all succeeded under OnFailure is killed", two,
            p -> observed(p).readySandbox().exited("a", 0, 0).exited("b", 0, 0).build(), "kill"),
        new Row("a pod whose app container failed under Never is killed", pod("Never", List.of(), List.of("app")),
            p -> observed(p).readySandbox().exited("app", 0, 1).build(), "kill"),
        new Row("an app container in the created state is stopped and started anew", plain,
            p -> observed(p).readySandbox().created("app", 0).build(), "start[app#1] stop[app]"),
        new Row("an app container whose spec changed is stopped and restarted", plain,
            p -> observed(p).readySandbox().runningWithHash("app", 0, "oldhash").build(), "start[app#1] stop[app]"),
        new Row("a dead sandbox under Never with containers that ran is not recreated", pod("Never", List.of(), List.of("app")),
            p -> observed(p).sandbox(0, false, "").exited("app", 0, 137).build(), "kill"),
        new Row("a dead sandbox under Always is recreated and the init containers run again", seed("Always"),
            p -> observed(p).sandbox(0, false, "").exited("centos1", 0, 0).exited("centos2", 0, 0).exited("centos3", 0, 137).build(),
            "kill create#1 start[centos1#1]"),
        new Row("a dead sandbox under OnFailure whose containers all succeeded is not recreated", two,
            p -> observed(p).sandbox(0, false, "").exited("a", 0, 0).exited("b", 0, 0).build(), "kill"),
        new Row("a sandbox without an IP is not usable", plain, p -> observed(p).sandbox(0, true, "").build(), "kill create#1 start[app#0]"),
        new Row("with host network a sandbox needs no IP", hostNet, p -> observed(p).sandbox(0, true, "").build(), "start[app#0]"),
        new Row("init containers of an older sandbox do not count in a new one", seed("Always"),
            p -> observed(p).sandbox(0, false, "").sandbox(1, true, "10.0.0.3").exitedInSandbox("centos1", 0, 0, 0)
                .exitedInSandbox("centos2", 0, 0, 0).build(), "start[centos1#1]"),
        new Row("a started sidecar lets the next init container start", sidecar,
            p -> observed(p).readySandbox().running("proxy", 0).build(), "start[setup#0]"),
        new Row("a sidecar that exits during initialization is restarted", sidecar,
            p -> observed(p).readySandbox().exited("proxy", 0, 1).build(), "start[proxy#1]"),
        new Row("a sidecar keeps running beside the app containers", sidecar,
            p -> observed(p).readySandbox().running("proxy", 0).exited("setup", 0, 0).running("app", 0).build(), "idle"),
        new Row("a sidecar that exits after initialization is restarted whatever the pod's policy", sidecar,
            p -> observed(p).readySandbox().exited("proxy", 0, 0).exited("setup", 0, 0).running("app", 0).build(), "start[proxy#1]"),
        new Row("after the sidecar and the last init container the app starts", sidecar,
            p -> observed(p).readySandbox().running("proxy", 0).exited("setup", 0, 0).build(), "start[app#0]"),
        new Row("sidecars do not keep a finished pod alive", pod("Never", List.of("sc:proxy"), List.of("app")),
            p -> observed(p).readySandbox().running("proxy", 0).exited("app", 0, 0).build(), "kill"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void computesTheKubeletsActions(Row row) {
    assertThat(summary(PodActionPlanner.plan(row.pod(), row.observed().apply(row.pod())))).isEqualTo(row.expected());
  }
}

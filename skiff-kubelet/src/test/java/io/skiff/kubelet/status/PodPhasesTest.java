package io.skiff.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.pod.StatusFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodPhasesTest {

  /**
   * A row: restart policy, init and app containers as {@code name:state} where state is {@code run}, {@code ok} (exit 0),
   * {@code err} (exit 1), {@code wait}, {@code wait+ok}/{@code wait+err} (waiting after a termination) or {@code none}.
   */
  record Row(String policy, List<String> inits, List<String> apps, boolean terminal, String phase) {
    @Override
    public String toString() {
      return policy + " init" + inits + " app" + apps + (terminal ? " terminal" : "") + " -> " + phase;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("Never", List.of("i:err"), List.of("a:wait"), false, "Failed"),
        new Row("Always", List.of("i:err"), List.of("a:wait"), false, "Pending"),
        new Row("Always", List.of("i:wait+err"), List.of("a:wait"), false, "Pending"),
        new Row("Always", List.of("i:run"), List.of("a:wait"), false, "Pending"),
        new Row("Always", List.of("i:none"), List.of("a:none"), false, "Pending"),
        new Row("Always", List.of("i:ok"), List.of("a:run"), false, "Running"),
        new Row("Always", List.of(), List.of("a:run", "b:wait"), false, "Pending"),
        new Row("Always", List.of(), List.of("a:run", "b:wait+err"), false, "Running"),
        new Row("Always", List.of(), List.of("a:err"), false, "Running"),
        new Row("Always", List.of(), List.of("a:err"), true, "Failed"),
        new Row("Always", List.of(), List.of("a:ok", "b:ok"), true, "Succeeded"),
        new Row("OnFailure", List.of(), List.of("a:ok"), false, "Succeeded"),
        new Row("OnFailure", List.of(), List.of("a:err"), false, "Running"),
        new Row("Never", List.of(), List.of("a:ok", "b:err"), false, "Failed"),
        new Row("Never", List.of(), List.of("a:ok", "b:ok"), false, "Succeeded"),
        new Row("Never", List.of(), List.of("a:run", "b:err"), false, "Running"),
        new Row("Always", List.of(), List.of("a:run", "b:none"), false, "Pending"),
        new Row("Always", List.of("sc:p:run"), List.of("a:run"), false, "Running"),
        new Row("Always", List.of("sc:p:wait"), List.of("a:wait"), false, "Pending"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void computesThePhaseAsTheKubeletDoes(Row row) {
    List<String> initNames = row.inits().stream().map(s -> s.startsWith("sc:") ? "sc:" + s.split(":")[1] : s.split(":")[0]).toList();
    List<String> appNames = row.apps().stream().map(s -> s.split(":")[0]).toList();
    Pod pod = StatusFixtures.pod(row.policy(), initNames, appNames);
    List<ContainerStatus> inits = new ArrayList<>();
    for (String s : row.inits()) {
      String[] f = s.startsWith("sc:") ? s.substring(3).split(":") : s.split(":");
      status(f[0], f[1], true).ifPresent(inits::add);
    }
    List<ContainerStatus> apps = new ArrayList<>();
    for (String s : row.apps()) {
      String[] f = s.split(":");
      status(f[0], f[1], false).ifPresent(apps::add);
    }
    assertThat(PodPhases.phase(pod, inits, apps, row.terminal())).isEqualTo(row.phase());
  }

  private static java.util.Optional<ContainerStatus> status(String name, String state, boolean started) {
    ContainerStatusBuilder b = new ContainerStatusBuilder().withName(name).withStarted(state.equals("run") && started);
    switch (state) {
      case "none" -> {
        return java.util.Optional.empty();
      }
      case "run" -> b.withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().endState().withStarted(true);
      case "ok" -> b.withNewState().withNewTerminated().withExitCode(0).endTerminated().endState();
      case "err" -> b.withNewState().withNewTerminated().withExitCode(1).endTerminated().endState();
      case "wait" -> b.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState();
      case "wait+ok" -> b.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
          .withNewLastState().withNewTerminated().withExitCode(0).endTerminated().endLastState();
      case "wait+err" -> b.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
          .withNewLastState().withNewTerminated().withExitCode(1).endTerminated().endLastState();
      default -> throw new IllegalArgumentException(state);
    }
    return java.util.Optional.of(b.build());
  }
}

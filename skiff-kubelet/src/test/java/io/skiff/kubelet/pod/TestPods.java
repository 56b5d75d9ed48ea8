package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pods and runtime observations for the pure tests, written compactly. */
final class TestPods {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestPods() {}

  /** A pod; an init name starting with {@code sc:} is a sidecar. */
  static Pod pod(String restartPolicy, List<String> inits, List<String> apps) {
    List<Container> initContainers = new ArrayList<>();
    for (String n : inits) {
      boolean sidecar = n.startsWith("sc:");
      ContainerBuilder b = new ContainerBuilder().withName(sidecar ? n.substring(3) : n).withImage("centos:7");
      if (sidecar) {
        b.withRestartPolicy("Always");
      }
      initContainers.add(b.build());
    }
    List<Container> appContainers = apps.stream().map(n -> new ContainerBuilder().withName(n).withImage("centos:7").build()).toList();
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("uid-1").endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy).withInitContainers(initContainers).withContainers(appContainers).endSpec().build();
  }

  /** Builds an {@link ObservedPod}. */
  static final class Observed {
    private final List<ObservedSandbox> sandboxes = new ArrayList<>();
    private final List<ObservedContainer> containers = new ArrayList<>();
    private final Pod pod;

    Observed(Pod pod) {
      this.pod = pod;
    }

    Observed sandbox(int attempt, boolean ready, String ip) {
      sandboxes.add(new ObservedSandbox("sb" + attempt, attempt, ready, ip));
      return this;
    }

    Observed readySandbox() {
      return sandbox(0, true, "10.0.0.2");
    }

    private int current() {
      return sandboxes.stream().mapToInt(ObservedSandbox::attempt).max().orElse(0);
    }

    Observed running(String name, int attempt) {
      return add(name, attempt, ObservedContainer.State.RUNNING, 0, current());
    }

    Observed exited(String name, int attempt, int code) {
      return add(name, attempt, ObservedContainer.State.EXITED, code, current());
    }

    Observed exitedInSandbox(String name, int attempt, int code, int sandboxAttempt) {
      return add(name, attempt, ObservedContainer.State.EXITED, code, sandboxAttempt);
    }

    Observed created(String name, int attempt) {
      return add(name, attempt, ObservedContainer.State.CREATED, 0, current());
    }

    Observed unknown(String name, int attempt) {
      return add(name, attempt, ObservedContainer.State.UNKNOWN, 0, current());
    }

    Observed runningWithHash(String name, int attempt, String hash) {
      containers.add(new ObservedContainer(name + "-" + attempt, name, attempt, current(), ObservedContainer.State.RUNNING, 0, "", "",
          T0, T0.plusSeconds(1), null, "docker.io/library/centos:7", "docker.io/library/centos@sha256:ab", hash));
      return this;
    }

    private Observed add(String name, int attempt, ObservedContainer.State state, int code, int sandboxAttempt) {
      String hash = SpecContainer.find(pod, name).map(c -> ContainerHash.of(c.spec())).orElse("");
      Instant started = T0.plusSeconds(10L * attempt);
      Instant finished = state == ObservedContainer.State.EXITED ? started.plusSeconds(5) : null;
      String reason = state == ObservedContainer.State.EXITED ? (code == 0 ? "Completed" : "Error") : "";
      containers.add(new ObservedContainer(name + "-" + attempt + "-" + sandboxAttempt, name, attempt, sandboxAttempt, state, code, reason, "",
          T0, state == ObservedContainer.State.CREATED ? null : started, finished, "docker.io/library/centos:7",
          "docker.io/library/centos@sha256:ab", hash));
      return this;
    }

    ObservedPod build() {
      return new ObservedPod(sandboxes, containers);
    }
  }

  static Observed observed(Pod pod) {
    return new Observed(pod);
  }
}

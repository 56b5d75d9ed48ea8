package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.logs.CriLogReader;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerRuntime;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the runtime has of each pod, read back from the runtime (so it is right after the agent restarts): sandboxes
 * by the pod uid in their config, containers by sandbox, each reduced to an {@link ObservedContainer}; containers
 * created ahead of their turn and not started yet are left out. Terminated
 * containers carry their termination message: the file bound at terminationMessagePath (at most 4096 bytes), or with
 * {@code FallbackToLogsOnError} and a failure, the end of the log.
 */
public final class RuntimePods {
  static final int MESSAGE_LIMIT = 4096;
  static final int FALLBACK_LINES = 80;
  static final int FALLBACK_BYTES = 2048;

  private final ContainerRuntime runtime;
  private final PodPaths paths;

  public RuntimePods(ContainerRuntime runtime, PodPaths paths) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.paths = Objects.requireNonNull(paths, "paths");
  }

  /** The sandboxes of the pod with this uid. */
  public List<SandboxStatus> sandboxes(String podUid) {
    return runtime.listSandboxes().stream().filter(s -> s.config().podUid().equals(podUid)).toList();
  }

  /** The pod's sandboxes and containers, with termination messages. */
  public ObservedPod observe(Pod pod) {
    String uid = pod.getMetadata().getUid();
    List<ObservedSandbox> sandboxes = new ArrayList<>();
    List<ObservedContainer> containers = new ArrayList<>();
    for (SandboxStatus s : sandboxes(uid)) {
      sandboxes.add(sandbox(s));
      for (ContainerStatus c : runtime.listContainers(ContainerFilter.inSandbox(s.id()))) {
        if (!aheadOfTurn(c)) {
          containers.add(container(c, s.config().attempt(), message(pod, uid, c)));
        }
      }
    }
    return new ObservedPod(sandboxes, containers);
  }

  /** Every pod the runtime has, by uid, without termination messages (for relisting). */
  public Map<String, ObservedPod> observeAll() {
    Map<String, List<ObservedSandbox>> sandboxes = new HashMap<>();
    Map<String, List<ObservedContainer>> containers = new HashMap<>();
    Map<String, SandboxStatus> byId = new HashMap<>();
    for (SandboxStatus s : runtime.listSandboxes()) {
      byId.put(s.id().value(), s);
      sandboxes.computeIfAbsent(s.config().podUid(), k -> new ArrayList<>()).add(sandbox(s));
    }
    for (ContainerStatus c : runtime.listContainers(ContainerFilter.all())) {
      SandboxStatus s = byId.get(c.sandboxId().value());
      if (s != null && !aheadOfTurn(c)) {
        containers.computeIfAbsent(s.config().podUid(), k -> new ArrayList<>()).add(container(c, s.config().attempt(), ""));
      }
    }
    Map<String, ObservedPod> out = new HashMap<>();
    sandboxes.forEach((uid, list) -> out.put(uid, new ObservedPod(list, containers.getOrDefault(uid, List.of()))));
    return out;
  }

  /** A container created ahead of its turn and not started: not there yet for the agent. */
  static boolean aheadOfTurn(ContainerStatus c) {
    return "true".equals(c.labels().get(ContainerLabels.AHEAD)) && c.startedAt() == null;
  }

  static ObservedSandbox sandbox(SandboxStatus s) {
    return new ObservedSandbox(s.id().value(), s.config().attempt(), s.state() == SandboxState.READY, s.podIp());
  }

  static ObservedContainer container(ContainerStatus c, int sandboxAttempt, String message) {
    ObservedContainer.State state = switch (c.state()) {
      case CREATED -> ObservedContainer.State.CREATED;
      case RUNNING -> ObservedContainer.State.RUNNING;
      case EXITED -> ObservedContainer.State.EXITED;
      case UNKNOWN -> ObservedContainer.State.UNKNOWN;
    };
    return new ObservedContainer(c.id().value(), c.name(), c.attempt(), sandboxAttempt, state, c.exitCode(), c.reason(), message,
        c.createdAt(), c.startedAt(), c.finishedAt(), c.image(), c.labels().get(ContainerLabels.IMAGE_ID), c.labels().get(ContainerLabels.HASH));
  }

  private String message(Pod pod, String uid, ContainerStatus c) {
    if (c.state() != io.skiff.runtime.ContainerState.EXITED) {
      return "";
    }
    String fromFile = readHead(paths.terminationLog(uid, c.name(), c.id().value()));
    if (!fromFile.isEmpty() || c.exitCode() == 0) {
      return fromFile;
    }
    boolean fallback = SpecContainer.find(pod, c.name())
        .map(sc -> "FallbackToLogsOnError".equals(sc.spec().getTerminationMessagePolicy())).orElse(false);
    if (!fallback || c.logPath() == null) {
      return "";
    }
    try {
      List<String> tail = CriLogReader.tailMessages(c.logPath(), FALLBACK_LINES);
      String text = String.join("\n", tail);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > FALLBACK_BYTES) {
        text = new String(bytes, bytes.length - FALLBACK_BYTES, FALLBACK_BYTES, StandardCharsets.UTF_8);
      }
      return text;
    } catch (SkiffException e) {
      return "";
    }
  }

  private static String readHead(Path file) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MESSAGE_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

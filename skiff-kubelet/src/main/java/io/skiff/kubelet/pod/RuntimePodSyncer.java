package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.startup.StartupStep;
import io.skiff.kubelet.status.PodPhases;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.volume.MountedVolume;
import io.skiff.kubelet.volume.VolumeSetup;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.host.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod syncer on the container runtime. One pod's syncs, in the kubelet's order: {@link #syncPod} (status of what is there, volumes, compute actions,
 * kill, prune, sandbox, init containers, app containers, status again), {@link #syncTerminatingPod} (stop everything, final status) and
 * {@link #syncTerminatedPod} (remove everything from the host, then complete the deletion in the API).
 */
public final class RuntimePodSyncer implements PodSyncer {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimePodSyncer.class);
  static final Duration RESYNC = Duration.ofSeconds(30);
  static final int KEPT_INSTANCES = 2;

  private final SyncParts parts;
  private final ContainerStarter starter;
  private final PodKiller killer;
  private final AheadCreator ahead;

  public RuntimePodSyncer(SyncParts parts) {
    this.parts = parts;
    this.starter = new ContainerStarter(parts);
    this.killer = new PodKiller(parts);
    this.ahead = new AheadCreator(starter);
  }

  @Override
  public SyncOutcome syncPod(Pod apiPod, PodState state) {
    state.awaitAhead();
    String uid = apiPod.getMetadata().getUid();
    parts.startup().step(uid, StartupStep.SYNC_BEGAN, "");
    SyncOutcome outcome = sync(apiPod, state);
    parts.startup().step(uid, StartupStep.SYNC_ENDED, "");
    return outcome;
  }

  private SyncOutcome sync(Pod apiPod, PodState state) {
    Pod pod = parts.status().withWrittenStatus(apiPod);
    if (pod.getStatus() != null && PodPhases.isTerminal(pod.getStatus().getPhase())) {
      return new SyncOutcome.Finished(pod.getStatus().getPhase());
    }
    parts.probes().addPod(pod);
    ObservedPod observed = parts.runtimePods().observe(pod);
    PodStatus before = PodStatusGenerator.generate(new PodStatusGenerator.Input(pod, observed, state.failures(), false, parts.hostIp(),
        parts.runtime().info().name(), parts.clock().instant(), parts.probes()));
    if (PodPhases.isTerminal(before.getPhase())) {
      parts.status().update(apiPod, before);
      return new SyncOutcome.Finished(before.getPhase());
    }
    if (parts.status().update(apiPod, before)) {
      pod = parts.status().withWrittenStatus(apiPod);
    }
    Duration resync = RESYNC;
    String podIp = observed.currentSandbox().filter(ObservedSandbox::ready).map(ObservedSandbox::podIp).orElse("");
    VolumeSetup volumes = parts.volumes().setUp(pod, podIp, parts.hostIp());
    if (volumes instanceof VolumeSetup.Failed f) {
      event(pod, EventType.Warning, "FailedMount", f.eventMessage());
      return report(apiPod, pod, state, parts.errorRetry(), false);
    }
    Map<String, MountedVolume> mounted = ((VolumeSetup.Ready) volumes).volumes();
    parts.startup().step(apiPod.getMetadata().getUid(), StartupStep.VOLUMES_READY, "");

    PodActions actions = PodActionPlanner.plan(pod, observed, parts.probes());
    Duration grace = Duration.ofSeconds(pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : pod.getSpec().getTerminationGracePeriodSeconds());
    if (actions.killPod()) {
      killer.killPod(pod, observed, grace);
    } else {
      String hookIp = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? parts.hostIp() : podIp;
      for (PodActions.Kill k : actions.kill()) {
        Container spec = SpecContainer.find(pod, k.name()).map(SpecContainer::spec).orElse(null);
        killer.kill(pod, k.name(), k.containerId(), KillGrace.of(pod, spec, k.reason()), k.message(), hookIp);
      }
    }
    if (!actions.killPod() || actions.createSandbox()) {
      prune(pod.getMetadata().getUid());
    }
    SandboxStatus sandbox;
    if (actions.createSandbox()) {
      if (actions.sandboxAttempt() > 0) {
        event(pod, EventType.Normal, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
      }
      try {
        SandboxConfig config = SandboxConfigFactory.of(pod, actions.sandboxAttempt(), parts.hostDns().nameservers(), parts.hostDns().searches());
        sandbox = parts.runtime().runSandbox(config, starter.alongside(pod, config.id(), actions.start(), mounted, state));
        parts.startup().step(pod.getMetadata().getUid(), StartupStep.SANDBOX_READY, "");
      } catch (SkiffException | IllegalArgumentException e) {
        event(pod, EventType.Warning, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
        return report(apiPod, pod, state, parts.errorRetry(), false);
      }
    } else if (!actions.start().isEmpty()) {
      sandbox = parts.runtime().sandboxStatus(new SandboxId(observed.currentSandbox().orElseThrow().id()));
    } else {
      sandbox = null;
    }
    if (sandbox != null && !actions.start().isEmpty()) {
      ObservedPod now = parts.runtimePods().observe(pod);
      var credentials = PullSecrets.read(pod, parts.configs());
      if (!credentials.missing().isEmpty()) {
        event(pod, EventType.Warning, "FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets ("
            + String.join(", ", credentials.missing()) + "); attempting to pull the image may not succeed.");
      }
      ContainerStarter.Context ctx = new ContainerStarter.Context(pod, sandbox, now, mounted, credentials.credentials());
      SpecContainer startedInit = null;
      for (PodActions.Start s : actions.start()) {
        SpecContainer c = SpecContainer.find(pod, s.name()).orElseThrow();
        StartResult result = starter.start(ctx, c, s.attempt(), state);
        switch (result) {
          case StartResult.Started ok -> {
            state.started(c.name());
            startedInit = c.kind() == ContainerKind.INIT ? c : null;
          }
          case StartResult.NotStarted n -> {
            state.failed(c.name(), n.waiting());
            resync = n.retryAfter().compareTo(resync) < 0 ? n.retryAfter() : resync;
          }
        }
        if (result instanceof StartResult.NotStarted && c.kind() == ContainerKind.INIT) {
          break;
        }
      }
      if (startedInit != null) {
        ahead.after(ctx, startedInit, state);
      }
    }
    return report(apiPod, pod, state, resync, false);
  }

  /** Generates and writes the status; a terminal phase ends the pod's running life. */
  private SyncOutcome report(Pod apiPod, Pod pod, PodState state, Duration resync, boolean terminal) {
    PodStatus status = status(pod, state, terminal);
    parts.status().update(apiPod, status);
    if (PodPhases.isTerminal(status.getPhase())) {
      return new SyncOutcome.Finished(status.getPhase());
    }
    return new SyncOutcome.Continue(resync);
  }

  private PodStatus status(Pod pod, PodState state, boolean terminal) {
    ObservedPod observed = parts.runtimePods().observe(pod);
    return PodStatusGenerator.generate(new PodStatusGenerator.Input(pod, observed, state.failures(), terminal, parts.hostIp(),
        parts.runtime().info().name(), parts.clock().instant(), parts.probes()));
  }

  /**
   * Stops every container and the sandbox, giving app containers {@code grace}, and writes the final status (when the
   * pod still exists in the API).
   */
  @Override
  public void syncTerminatingPod(Pod apiPod, PodState state, Duration grace, boolean inApi) {
    state.awaitAhead();
    Pod pod = parts.status().withWrittenStatus(apiPod);
    parts.probes().stopLivenessAndStartup(pod);
    ObservedPod observed = parts.runtimePods().observe(pod);
    killer.killPod(pod, observed, grace);
    parts.probes().removePod(pod.getMetadata().getUid());
    if (inApi) {
      parts.status().update(apiPod, status(pod, state, true));
    }
  }

  /** Removes everything of the pod from the host; then, when the API still has it being deleted, deletes it for good. */
  @Override
  public void syncTerminatedPod(Pod pod, boolean completeDeletion) {
    String uid = pod.getMetadata().getUid();
    cleanUp(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    parts.crashBackoff().forgetPod(uid);
    if (completeDeletion) {
      parts.status().deleteFinally(pod);
    }
    parts.status().forget(uid);
  }

  /** Removes sandboxes, containers, roots, volumes and logs of a pod uid (also for pods the API no longer knows). */
  @Override
  public void cleanUp(String uid, String namespace, String name) {
    parts.probes().removePod(uid);
    for (SandboxStatus s : parts.runtimePods().sandboxes(uid)) {
      if (namespace == null) {
        namespace = s.config().namespace();
        name = s.config().name();
      }
      for (ContainerStatus c : parts.runtime().listContainers(ContainerFilter.inSandbox(s.id()))) {
        parts.runtime().removeContainer(c.id());
        RootfsCleanup.release(parts, uid, c.id().value());
      }
      parts.runtime().removeSandbox(s.id());
    }
    for (String containerId : RootfsCleanup.marked(parts, uid)) {
      RootfsCleanup.release(parts, uid, containerId);
    }
    parts.volumes().tearDown(uid);
    if (namespace != null) {
      FileTrees.delete(parts.logs().podDir(namespace, name, uid));
    }
  }

  /** Keeps the newest two instances of each container (current and previous); removes older ones and empty old sandboxes. */
  private void prune(String uid) {
    List<SandboxStatus> sandboxes = parts.runtimePods().sandboxes(uid);
    if (sandboxes.isEmpty()) {
      return;
    }
    int current = sandboxes.stream().mapToInt(s -> s.config().attempt()).max().orElse(0);
    List<ContainerStatus> all = new ArrayList<>();
    for (SandboxStatus s : sandboxes) {
      all.addAll(parts.runtime().listContainers(ContainerFilter.inSandbox(s.id())));
    }
    Map<String, List<ContainerStatus>> byName = new java.util.HashMap<>();
    all.forEach(c -> byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c));
    for (List<ContainerStatus> list : byName.values()) {
      list.sort(Comparator.comparingInt(ContainerStatus::attempt).reversed());
      for (ContainerStatus old : list.subList(Math.min(KEPT_INSTANCES, list.size()), list.size())) {
        if (old.state() == io.skiff.runtime.ContainerState.RUNNING) {
          continue;
        }
        parts.runtime().removeContainer(old.id());
        RootfsCleanup.release(parts, uid, old.id().value());
        deleteQuietly(old.logPath());
        deleteQuietly(parts.paths().terminationLog(uid, old.name(), old.id().value()));
      }
    }
    for (SandboxStatus s : sandboxes) {
      if (s.config().attempt() != current && parts.runtime().listContainers(ContainerFilter.inSandbox(s.id())).isEmpty()) {
        parts.runtime().removeSandbox(s.id());
      }
    }
  }

  private void event(Pod pod, EventType type, String reason, String message) {
    parts.events().record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(), "",
        type, reason, message));
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.getMessage());
    }
  }
}

package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.runtime.ContainerId;
import java.util.List;

/**
 * Creates, while a regular init container runs, the containers that start once it has succeeded (the next init
 * container, or after the last one the app containers), so that when their turn comes only the OCI runtime's
 * {@code start} is left: conmon and {@code runc create} (tens of milliseconds each) leave the pod's critical path.
 * Nothing of this is visible through the API: a container created ahead is hidden from the agent's view of the
 * runtime until it is started (label {@link ContainerLabels#AHEAD}), its image is only used when present and not to
 * be pulled (no Pulling/Pulled event moves), and its Created and Started events are recorded at its turn, after the
 * predecessor's exit, in Kubernetes' order. If the config built at its turn differs (a changed ConfigMap, say), or
 * the predecessor fails and the pod ends, the instance created ahead is removed without ever running.
 */
final class AheadCreator {
  private final ContainerStarter starter;

  AheadCreator(ContainerStarter starter) {
    this.starter = starter;
  }

  /** After {@code started} (just started) is running: creates what comes after it, in the background. */
  void after(ContainerStarter.Context ctx, SpecContainer started, PodState state) {
    List<SpecContainer> next = next(ctx.pod(), started);
    if (next.isEmpty()) {
      return;
    }
    state.startAhead("skiff-ahead-" + ctx.pod().getMetadata().getName(), () -> {
      for (SpecContainer c : next) {
        int attempt = ctx.observed().nextAttempt(c.name());
        starter.createAhead(ctx, c, attempt)
            .ifPresent(config -> state.createdAhead(ContainerId.of(ctx.sandbox().id(), c.name(), attempt).value(), config));
      }
    });
  }

  /** What starts once {@code started} (a regular init container) has succeeded: the next init container, or the app containers. */
  static List<SpecContainer> next(Pod pod, SpecContainer started) {
    if (started.kind() != ContainerKind.INIT) {
      return List.of();
    }
    List<SpecContainer> inits = SpecContainer.inits(pod);
    int i = inits.stream().map(SpecContainer::name).toList().indexOf(started.name());
    if (i < 0) {
      return List.of();
    }
    return i < inits.size() - 1 ? List.of(inits.get(i + 1)) : SpecContainer.apps(pod);
  }
}

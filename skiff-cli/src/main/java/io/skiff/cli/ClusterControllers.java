package io.skiff.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.controllers.nodelifecycle.NodeLifecycleConfig;
import io.skiff.controllers.nodelifecycle.NodeLifecycleController;
import io.skiff.controllers.tainteviction.TaintEvictionController;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The control plane's components beside the API server, each a fabric8 client of it: the scheduler, the node
 * lifecycle controller and the taint eviction controller. One instance per cluster should run (leader election is
 * the caller's concern). Closing stops them in reverse order; the client belongs to the caller.
 */
final class ClusterControllers implements AutoCloseable {
  private final List<AutoCloseable> parts = new ArrayList<>();

  private ClusterControllers() {}

  /**
   * Starts the scheduler, the node lifecycle controller and the taint eviction controller (which lists the pods of
   * tainted nodes again every {@code taintResync}).
   */
  static ClusterControllers start(KubernetesClient client, SchedulerConfig scheduler, NodeLifecycleConfig lifecycle, Duration taintResync) {
    ClusterControllers c = new ClusterControllers();
    try {
      c.parts.add(0, Scheduler.start(client, scheduler));
      c.parts.add(0, NodeLifecycleController.start(client, lifecycle));
      c.parts.add(0, TaintEvictionController.start(client, lifecycle.clock(), taintResync));
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Kubernetes' defaults for every component. */
  static ClusterControllers start(KubernetesClient client) {
    return start(client, SchedulerConfig.defaults(), NodeLifecycleConfig.defaults(), Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("skiff: while stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    parts.clear();
  }
}

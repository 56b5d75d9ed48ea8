package io.skiff.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.apiserver.pki.Pki;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster-wide control loops skiff runs (today the scheduler), and how: directly when this server is the only
 * one (the embedded store), under {@link Leadership} when servers share the datastore. Add a controller to
 * {@link #components()} and it runs in exactly one server.
 */
final class Controllers {
  private Controllers() {}

  /** What runs in one server of the cluster at a time. */
  static List<Leadership.Component> components() {
    return List.of(new Leadership.Component("scheduler", client -> Scheduler.start(client, SchedulerConfig.defaults())));
  }

  /** Starts the controllers: under a leader election when {@code elect}, else at once. */
  static AutoCloseable start(KubernetesClient client, boolean elect, Path dataDir) throws Exception {
    if (elect) {
      return Leadership.start(client, Leadership.Config.controllers(identity(dataDir)), components());
    }
    List<AutoCloseable> started = new ArrayList<>();
    try {
      for (Leadership.Component c : components()) {
        started.addFirst(c.starter().start(client));
      }
    } catch (Exception | Error e) {
      closeAll(started);
      throw e;
    }
    return () -> closeAll(started);
  }

  /** This server's name in the leader Lease: the host and its data dir, stable across restarts. */
  static String identity(Path dataDir) {
    return LocalNode.hostName() + "_" + Pki.sha256Hex(dataDir.toAbsolutePath().toString()).substring(0, 8);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("skiff: while stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}

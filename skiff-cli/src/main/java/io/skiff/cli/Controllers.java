package io.skiff.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.apiserver.pki.Pki;
import io.skiff.controllers.disruption.DisruptionController;
import io.skiff.controllers.nodeipam.NodeIpamConfig;
import io.skiff.controllers.nodeipam.NodeIpamController;
import io.skiff.controllers.nodelifecycle.NodeLifecycleConfig;
import io.skiff.controllers.nodelifecycle.NodeLifecycleController;
import io.skiff.controllers.tainteviction.TaintEvictionController;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster-wide control loops skiff runs (node IPAM, the scheduler, the node lifecycle controller, the taint eviction
 * controller and the disruption controller), and how: directly when this server is the only one (the embedded store), under {@link Leadership} when
 * servers share the datastore. Add a controller to {@link #components()} and it runs in exactly one server.
 */
final class Controllers {
  private Controllers() {}

  /** How often the taint eviction controller lists the pods of tainted nodes again. */
  static final Duration TAINT_RESYNC = Duration.ofSeconds(5);

  /** What runs in one server of the cluster at a time, with Kubernetes' defaults. */
  static List<Leadership.Component> components() {
    return components(SchedulerConfig.defaults(), NodeLifecycleConfig.defaults(), TAINT_RESYNC);
  }

  /** The same with other settings (tests shorten the node lifecycle's timings); pod CIDRs from the default cluster CIDR. */
  static List<Leadership.Component> components(SchedulerConfig scheduler, NodeLifecycleConfig lifecycle, Duration taintResync) {
    return components(scheduler, lifecycle, taintResync, NodeIpamConfig.defaults());
  }

  /** The defaults with pod CIDRs from {@code ipam} ({@code --cluster-cidr}, {@code --node-cidr-mask-size}). */
  static List<Leadership.Component> components(NodeIpamConfig ipam) {
    return components(Optional.of(ipam));
  }

  /** The defaults, with the node IPAM controller only when {@code ipam} is present ({@code --allocate-node-cidrs}). */
  static List<Leadership.Component> components(Optional<NodeIpamConfig> ipam) {
    return components(SchedulerConfig.defaults(), NodeLifecycleConfig.defaults(), TAINT_RESYNC, ipam);
  }

  static List<Leadership.Component> components(SchedulerConfig scheduler, NodeLifecycleConfig lifecycle, Duration taintResync, NodeIpamConfig ipam) {
    return components(scheduler, lifecycle, taintResync, Optional.of(ipam));
  }

  static List<Leadership.Component> components(SchedulerConfig scheduler, NodeLifecycleConfig lifecycle, Duration taintResync,
      Optional<NodeIpamConfig> ipam) {
    List<Leadership.Component> all = new ArrayList<>();
    ipam.ifPresent(config -> all.add(new Leadership.Component(NodeIpamController.COMPONENT, client -> NodeIpamController.start(client, config))));
    all.addAll(List.of(
        new Leadership.Component("scheduler", client -> Scheduler.start(client, scheduler)),
        new Leadership.Component(NodeLifecycleController.COMPONENT, client -> NodeLifecycleController.start(client, lifecycle)),
        new Leadership.Component(TaintEvictionController.COMPONENT, client -> TaintEvictionController.start(client, lifecycle.clock(), taintResync)),
        new Leadership.Component(DisruptionController.COMPONENT, client -> DisruptionController.start(client, lifecycle.clock()))));
    return List.copyOf(all);
  }

  /** Starts the controllers: under a leader election when {@code elect}, else at once. */
  static AutoCloseable start(KubernetesClient client, boolean elect, Path dataDir, Optional<NodeIpamConfig> ipam) throws Exception {
    if (elect) {
      return Leadership.start(client, Leadership.Config.controllers(identity(dataDir)), components(ipam));
    }
    return startAll(client, components(ipam));
  }

  /** Starts the components at once, in order; closing stops them in reverse order. */
  static AutoCloseable startAll(KubernetesClient client, List<Leadership.Component> components) throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      for (Leadership.Component c : components) {
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

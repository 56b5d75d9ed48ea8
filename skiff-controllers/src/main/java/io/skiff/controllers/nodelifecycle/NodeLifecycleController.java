package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.SkiffException;
import io.skiff.events.EventPublisher;
import io.skiff.events.EventSource;
import io.skiff.events.ObjectEvent;
import io.skiff.events.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' node lifecycle controller, through the API only (informers on Nodes and on the Leases in {@code
 * kube-node-lease}). Every {@link NodeLifecycleConfig#monitorPeriod()} it checks each node: one whose kubelet neither
 * renewed its Lease nor posted its status within the grace period gets its kubelet conditions set to {@code Unknown}
 * ("Kubelet stopped posting node status."), a {@code NodeNotReady} event, and its pods marked not ready. It keeps the
 * condition taints ({@code NoSchedule}: not-ready, unreachable, pressures, unschedulable) in step with each node, and
 * puts the {@code NoExecute} taint (not-ready for Ready=False, unreachable for Unknown) on unhealthy nodes at the
 * zone's rate, removing it when the node is Ready again. The taint eviction controller does the evicting.
 * {@link #close()} stops it; the client belongs to the caller.
 */
public final class NodeLifecycleController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
  /** The component named in events, as Kubernetes names this controller's recorder. */
  public static final String COMPONENT = "node-controller";
  static final EventSource SOURCE = EventSource.component(COMPONENT);
  static final String LEASE_NAMESPACE = "kube-node-lease";
  /** How often queued NoExecute taints are tried (Kubernetes' {@code nodeEvictionPeriod}). */
  private static final Duration TAINT_PERIOD = Duration.ofMillis(100);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final NodeLifecycleConfig config;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Lease> leases;
  private final EventPublisher events;
  private final NodeWriter writer;
  private final PodMarker pods;
  private final HealthTracker health;
  private final NoExecuteTainter tainter;
  private final Set<String> podsToRetry = new HashSet<>();
  /** Nodes changed since the last tick, whose NoSchedule taints are brought in line at once (as Kubernetes' tainting worker). */
  private final Set<String> changed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread loop;
  private boolean disruptionMode;

  private NodeLifecycleController(KubernetesClient client, NodeLifecycleConfig config, SharedIndexInformer<Node> nodes,
                                  SharedIndexInformer<Lease> leases) {
    this.config = config;
    this.nodes = nodes;
    this.leases = leases;
    this.events = new EventPublisher(client, config.clock(), QueueSettings.ordered("skiff-" + COMPONENT + "-events", 8192, Duration.ofSeconds(5)));
    this.writer = new NodeWriter(client);
    this.pods = new PodMarker(client, events, config.clock());
    this.health = new HealthTracker(config.gracePeriod(), config.startupGracePeriod());
    this.tainter = new NoExecuteTainter(config);
    this.loop = Thread.ofVirtual().name("skiff-node-lifecycle").unstarted(this::run);
  }

  /** Starts the informers, waits for their first lists, then starts monitoring. */
  public static NodeLifecycleController start(KubernetesClient client, NodeLifecycleConfig config) {
    Objects.requireNonNull(client, "client");
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    SharedIndexInformer<Lease> leases = client.leases().inNamespace(LEASE_NAMESPACE).runnableInformer(0);
    NodeLifecycleController c = new NodeLifecycleController(client, config, nodes, leases);
    nodes.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        c.changed.add(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(Node old, Node node) {
        c.changed.add(node.getMetadata().getName());
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        c.changed.remove(node.getMetadata().getName());
      }
    });
    try {
      nodes.start().toCompletableFuture().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      leases.start().toCompletableFuture().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      c.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SkiffException.Unavailable("the node lifecycle controller could not list nodes and leases: " + e.getMessage(), e);
    }
    c.loop.start();
    LOG.info("node lifecycle controller started (grace period {}, monitor period {})", config.gracePeriod(), config.monitorPeriod());
    return c;
  }

  private void run() {
    Instant nextMonitor = Instant.MIN;
    while (stop.getCount() > 0) {
      Instant now = config.clock().instant();
      try {
        if (!now.isBefore(nextMonitor)) {
          monitor(now);
          nextMonitor = now.plus(config.monitorPeriod());
        }
        retaint();
        if (!disruptionMode) {
          tainter.pass(now, this::taintNoExecute);
        }
      } catch (RuntimeException e) {
        LOG.warn("node lifecycle pass failed: {}", e.getMessage());
      }
      try {
        if (stop.await(TAINT_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One pass over every node (Kubernetes' {@code monitorNodeHealth}). */
  void monitor(Instant now) {
    Map<String, int[]> zoneCounts = new HashMap<>();
    Map<String, String> readiness = new HashMap<>();
    Set<String> present = new HashSet<>();
    for (Node node : nodes.getStore().list()) {
      String name = node.getMetadata().getName();
      present.add(name);
      Lease lease = leases.getStore().getByKey(LEASE_NAMESPACE + "/" + name);
      String observed = NodeConditions.readyStatus(node).orElse(null);
      Node current = node;
      if (health.silent(node, lease, now)) {
        Optional<List<NodeCondition>> unknown = NodeConditions.markedUnknown(node, now);
        if (unknown.isPresent()) {
          current = writer.updateConditions(node, unknown.get()).orElse(node);
          LOG.info("node {} stopped posting its status: Ready is now {}", name, NodeConditions.readyStatus(current).orElse("?"));
        }
      }
      String ready = NodeConditions.readyStatus(current).orElse(null);
      if ("True".equals(observed) && ready != null && !"True".equals(ready)) {
        events.record(ObjectEvent.of(SOURCE, new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName(name)
            .withUid(node.getMetadata().getUid()).build(), "Normal", "NodeNotReady", "Node " + name + " status is now: NodeNotReady"));
        podsToRetry.add(name);
      }
      if ("True".equals(ready)) {
        podsToRetry.remove(name);
      } else if (podsToRetry.contains(name) && pods.markNotReady(name)) {
        podsToRetry.remove(name);
      }
      String zone = NoExecuteTainter.zoneOf(node);
      zoneCounts.computeIfAbsent(zone, k -> new int[2])["True".equals(ready) ? 0 : 1]++;
      readiness.put(name, ready);
      if (ControllerTaints.withNoSchedule(current).isPresent()) {
        writer.updateTaints(name, ControllerTaints::withNoSchedule);
      }
    }
    boolean allDisrupted = tainter.update(zoneCounts, now);
    if (allDisrupted != disruptionMode) {
      disruptionMode = allDisrupted;
      if (allDisrupted) {
        LOG.warn("Controller detected that all Nodes are not-Ready. Entering master disruption mode.");
        for (String name : present) {
          writer.updateTaints(name, n -> ControllerTaints.withNoExecute(n, Optional.empty(), now));
        }
      } else {
        LOG.info("Controller detected that some Nodes are Ready. Exiting master disruption mode.");
        present.forEach(health::forget);
      }
    }
    if (!disruptionMode) {
      for (Node node : nodes.getStore().list()) {
        String name = node.getMetadata().getName();
        if (readiness.containsKey(name)) {
          noExecute(node, readiness.get(name), now);
        }
      }
    }
  }

  /** Brings the NoSchedule taints of recently changed nodes in line with their conditions and {@code spec.unschedulable}. */
  private void retaint() {
    for (String name : List.copyOf(changed)) {
      changed.remove(name);
      Node node = nodes.getStore().getByKey(name);
      if (node != null && ControllerTaints.withNoSchedule(node).isPresent()) {
        writer.updateTaints(name, ControllerTaints::withNoSchedule);
      }
    }
  }

  /** Kubernetes' {@code processTaintBaseEviction}: swaps at once between not-ready and unreachable, queues a new taint, removes it when Ready. */
  private void noExecute(Node node, String ready, Instant now) {
    if (ready == null) {
      return;
    }
    String name = node.getMetadata().getName();
    String zone = NoExecuteTainter.zoneOf(node);
    switch (ready) {
      case "False" -> {
        if (ControllerTaints.hasNoExecute(node, ControllerTaints.UNREACHABLE)) {
          writer.updateTaints(name, n -> ControllerTaints.withNoExecute(n, Optional.of(ControllerTaints.NOT_READY), now));
        } else if (!ControllerTaints.hasNoExecute(node, ControllerTaints.NOT_READY)) {
          tainter.enqueue(zone, name, now);
        }
      }
      case "True" -> {
        tainter.cancel(zone, name);
        if (ControllerTaints.hasNoExecute(node, ControllerTaints.NOT_READY) || ControllerTaints.hasNoExecute(node, ControllerTaints.UNREACHABLE)) {
          writer.updateTaints(name, n -> ControllerTaints.withNoExecute(n, Optional.empty(), now));
          LOG.info("node {} is Ready again: NoExecute taint removed", name);
        }
      }
      default -> {
        if (ControllerTaints.hasNoExecute(node, ControllerTaints.NOT_READY)) {
          writer.updateTaints(name, n -> ControllerTaints.withNoExecute(n, Optional.of(ControllerTaints.UNREACHABLE), now));
        } else if (!ControllerTaints.hasNoExecute(node, ControllerTaints.UNREACHABLE)) {
          tainter.enqueue(zone, name, now);
        }
      }
    }
  }

  /** Taints one queued node according to its Ready condition now; false when the write failed. */
  private boolean taintNoExecute(String name) {
    Node node = nodes.getStore().getByKey(name);
    if (node == null) {
      return true;
    }
    Optional<String> key = NodeConditions.readyStatus(node).flatMap(ControllerTaints::wantedNoExecute);
    if (key.isEmpty()) {
      return true;
    }
    Instant now = config.clock().instant();
    boolean ok = writer.updateTaints(name, n -> ControllerTaints.withNoExecute(n, key, now));
    if (ok) {
      LOG.info("node {} tainted {}:NoExecute", name, key.get());
    }
    return ok;
  }

  /** True while the loop runs. */
  public boolean isRunning() {
    return loop.isAlive();
  }

  @Override
  public void close() {
    stop.countDown();
    try {
      loop.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.stop();
    leases.stop();
    events.close();
  }
}

package io.skiff.kubelet.hostgw;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.SkiffException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Nodes and keeps the route table in step: after every change of a node's pod CIDR or addresses, and every
 * {@code resync} anyway (to repair routes someone removed), it computes the {@link RoutePlan} against this agent's own
 * routes and applies it. Closing stops watching and leaves the routes, as pods keep running after the agent stops.
 */
public final class HostGatewayRoutes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostGatewayRoutes.class);
  /** How often the table is compared with the Nodes even without a change. */
  public static final Duration RESYNC = Duration.ofSeconds(30);

  private final String self;
  private final RouteTable table;
  private final SharedIndexInformer<Node> nodes;
  private final Duration resync;
  private final Semaphore changed = new Semaphore(0);
  private final Thread loop;
  private volatile boolean closed;

  private HostGatewayRoutes(String self, RouteTable table, SharedIndexInformer<Node> nodes, Duration resync) {
    this.self = self;
    this.table = table;
    this.nodes = nodes;
    this.resync = resync;
    this.loop = Thread.ofVirtual().name("skiff-hostgw-routes").unstarted(this::run);
  }

  /** Lists the Nodes, brings the table in step once, then follows changes. */
  public static HostGatewayRoutes start(KubernetesClient client, String selfNodeName, RouteTable table, Duration resync) {
    Objects.requireNonNull(client, "client");
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    HostGatewayRoutes routes = new HostGatewayRoutes(selfNodeName, table, nodes, resync);
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        routes.changed.release();
      }

      @Override
      public void onUpdate(Node old, Node node) {
        if (!RoutePlan.podCidr(old).equals(RoutePlan.podCidr(node)) || !RoutePlan.internalIp(old).equals(RoutePlan.internalIp(node))) {
          routes.changed.release();
        }
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        routes.changed.release();
      }
    });
    try {
      nodes.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      nodes.stop();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SkiffException.Unavailable("the node routes could not list nodes: " + e.getMessage(), e);
    }
    routes.reconcile();
    routes.loop.start();
    return routes;
  }

  private void run() {
    while (!closed) {
      try {
        if (changed.tryAcquire(resync.toMillis(), TimeUnit.MILLISECONDS)) {
          changed.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
      try {
        reconcile();
      } catch (RuntimeException e) {
        LOG.warn("routes to other nodes' pods: {}", e.getMessage());
      }
    }
  }

  /** One pass: the plan against the table, each change on its own so that one bad route does not block the others. */
  void reconcile() {
    RoutePlan plan = RoutePlan.between(RoutePlan.desired(nodes.getStore().list(), self), table.list());
    for (NodeRoute r : plan.delete()) {
      table.delete(r);
      LOG.info("route to pods removed: {}", r);
    }
    for (NodeRoute r : plan.replace()) {
      try {
        table.replace(r);
        LOG.info("route to pods added: {}", r);
      } catch (RuntimeException e) {
        LOG.warn("cannot add the route {} (host-gateway routing needs the nodes on one link): {}", r, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    changed.release();
    try {
      loop.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.stop();
  }
}

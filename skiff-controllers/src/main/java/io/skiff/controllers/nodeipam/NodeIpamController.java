package io.skiff.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.SkiffException;
import io.skiff.common.net.Ipv4Cidr;
import io.skiff.events.EventPublisher;
import io.skiff.events.EventSource;
import io.skiff.events.ObjectEvent;
import io.skiff.events.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' node IPAM range allocator, through the API only. At start it lists the Nodes and marks the blocks they
 * hold as taken; then every Node that appears, or is updated, without {@code spec.podCIDRs} gets the next free block
 * (written to {@code spec.podCIDR} and {@code spec.podCIDRs} in one patch), and a deleted Node's block is freed. When
 * no block is left, the Node gets Kubernetes' {@code CIDRNotAvailable} event ("Node NAME status is now:
 * CIDRNotAvailable", at most every five minutes per node) and is tried again on its next update or when a block is freed. A Node holding a block outside the cluster CIDR (an agent
 * started with {@code --pod-cidr}) is left alone with a warning, where Kubernetes' controller manager would refuse to start.
 * All allocation happens on one thread, so the set of taken blocks needs no lock.
 */
public final class NodeIpamController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIpamController.class);
  public static final String COMPONENT = "node-ipam-controller";
  /** The event source Kubernetes' range allocator records with. */
  static final String EVENT_SOURCE = "cidrAllocator";
  private static final EventSource SOURCE = EventSource.component(EVENT_SOURCE);
  static final String CIDR_NOT_AVAILABLE = "CIDRNotAvailable";
  static final String CIDR_ASSIGNMENT_FAILED = "CIDRAssignmentFailed";
  private static final int PATCH_RETRIES = 3;
  /** At most one CIDRNotAvailable event per node this often, as Kubernetes' event spam filter lets them through. */
  static final Duration EVENT_INTERVAL = Duration.ofMinutes(5);

  /** Work for the allocator thread. */
  private sealed interface Work {
    record Sync(String nodeName) implements Work {}

    record Release(String nodeName, List<String> cidrs) implements Work {}

    record Stop() implements Work {}
  }

  private final KubernetesClient client;
  private final SharedIndexInformer<Node> nodes;
  private final CidrSet cidrs;
  private final EventPublisher events;
  private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
  private final Map<String, Instant> lastEvent = new HashMap<>();
  private final InstantSource clock;
  private final Thread worker;

  private NodeIpamController(KubernetesClient client, NodeIpamConfig config, SharedIndexInformer<Node> nodes, InstantSource clock) {
    this.client = client;
    this.nodes = nodes;
    this.cidrs = new CidrSet(config);
    this.events = new EventPublisher(client, clock, QueueSettings.ordered("skiff-" + EVENT_SOURCE + "-events", 8192, Duration.ofSeconds(5)));
    this.clock = clock;
    this.worker = Thread.ofVirtual().name("skiff-node-ipam").unstarted(this::run);
  }

  /** Lists the Nodes, marks their blocks taken and starts assigning blocks to Nodes without one. */
  public static NodeIpamController start(KubernetesClient client, NodeIpamConfig config) {
    return start(client, config, InstantSource.system());
  }

  public static NodeIpamController start(KubernetesClient client, NodeIpamConfig config, InstantSource clock) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    NodeIpamController c = new NodeIpamController(client, config, nodes, clock);
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        c.queue.add(new Work.Sync(node.getMetadata().getName()));
      }

      @Override
      public void onUpdate(Node old, Node node) {
        if (podCidrs(node).isEmpty()) {
          c.queue.add(new Work.Sync(node.getMetadata().getName()));
        }
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        if (!podCidrs(node).isEmpty()) {
          c.queue.add(new Work.Release(node.getMetadata().getName(), podCidrs(node)));
        }
      }
    });
    try {
      nodes.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      nodes.stop();
      c.events.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SkiffException.Unavailable("the node IPAM controller could not list nodes: " + e.getMessage(), e);
    }
    for (Node node : nodes.getStore().list()) {
      c.occupy(node);
    }
    c.worker.start();
    LOG.info("node IPAM controller started: cluster CIDR {}, /{} per node, {} blocks free", config.clusterCidr(), config.nodeMaskSize(),
        c.cidrs.free());
    return c;
  }

  private void run() {
    while (true) {
      Work work;
      try {
        work = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        switch (work) {
          case Work.Sync s -> sync(s.nodeName());
          case Work.Release r -> release(r.nodeName(), r.cidrs());
          case Work.Stop stop -> {
            return;
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("node IPAM: {} failed: {}", work, e.getMessage());
      }
    }
  }

  /** Kubernetes' {@code AllocateOrOccupyCIDR} followed by {@code updateCIDRsAllocation}. */
  private void sync(String name) {
    Node node = nodes.getStore().getByKey(name);
    if (node == null) {
      return;
    }
    if (!podCidrs(node).isEmpty()) {
      occupy(node);
      return;
    }
    Optional<Ipv4Cidr> next = cidrs.allocateNext();
    if (next.isEmpty()) {
      Instant now = clock.instant();
      Instant last = lastEvent.get(name);
      if (last == null || !now.isBefore(last.plus(EVENT_INTERVAL))) {
        lastEvent.put(name, now);
        LOG.warn("node IPAM: no pod CIDR left for node {}", name);
        recordStatusChange(node, CIDR_NOT_AVAILABLE);
      }
      return;
    }
    Ipv4Cidr cidr = next.get();
    KubernetesClientException failure = null;
    for (int attempt = 0; attempt < PATCH_RETRIES; attempt++) {
      try {
        patch(name, cidr);
        LOG.info("node IPAM: node {} gets pod CIDR {}", name, cidr);
        return;
      } catch (KubernetesClientException e) {
        failure = e;
        if (e.getCode() == 404) {
          cidrs.release(cidr);
          return;
        }
        if (e.getCode() == 422) {
          // The node got a block meanwhile (spec.podCIDRs cannot change once set): keep the node's, free ours.
          cidrs.release(cidr);
          Node current = client.nodes().withName(name).get();
          if (current != null) {
            occupy(current);
          }
          return;
        }
      }
    }
    LOG.warn("node IPAM: could not set pod CIDR {} on node {}: {}", cidr, name, failure.getMessage());
    recordStatusChange(node, CIDR_ASSIGNMENT_FAILED);
    if (failure.getCode() != 500 && failure.getCode() != 504) {
      cidrs.release(cidr);
    }
  }

  private void patch(String name, Ipv4Cidr cidr) {
    Node named = new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
    client.nodes().resource(named).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"podCIDR\":\"" + cidr + "\",\"podCIDRs\":[\"" + cidr + "\"]}}");
  }

  private void occupy(Node node) {
    for (String text : podCidrs(node)) {
      try {
        cidrs.occupy(Ipv4Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        LOG.warn("node IPAM: node {} holds pod CIDR {} which this controller does not manage: {}", node.getMetadata().getName(), text,
            e.getMessage());
      }
    }
  }

  private void release(String name, List<String> taken) {
    lastEvent.remove(name);
    for (String text : taken) {
      try {
        cidrs.release(Ipv4Cidr.parse(text));
        LOG.info("node IPAM: pod CIDR {} of deleted node {} is free", text, name);
      } catch (IllegalArgumentException e) {
        LOG.debug("node IPAM: not releasing {} of node {}: {}", text, name, e.getMessage());
      }
    }
    // Unlike Kubernetes, which waits for their next update, nodes still waiting for a block are tried again at once.
    for (Node waiting : nodes.getStore().list()) {
      if (podCidrs(waiting).isEmpty() && !waiting.getMetadata().getName().equals(name)) {
        queue.add(new Work.Sync(waiting.getMetadata().getName()));
      }
    }
  }

  /** Kubernetes' {@code RecordNodeStatusChange}: a Normal event whose reason is the new status. */
  private void recordStatusChange(Node node, String status) {
    events.record(ObjectEvent.of(SOURCE, new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node").withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid()).build(), "Normal", status, "Node " + node.getMetadata().getName() + " status is now: " + status));
  }

  static List<String> podCidrs(Node node) {
    if (node.getSpec() == null) {
      return List.of();
    }
    if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
      return List.copyOf(node.getSpec().getPodCIDRs());
    }
    String single = node.getSpec().getPodCIDR();
    return single == null || single.isEmpty() ? List.of() : List.of(single);
  }

  @Override
  public void close() {
    queue.add(new Work.Stop());
    try {
      worker.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.stop();
    events.close();
  }
}

package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.kubelet.status.Timestamps;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node and keeps it alive: creates the Node (or takes over an existing one of that name), writes its
 * status, and renews its Lease in {@code kube-node-lease} (holder = the node, 40 s duration, owned by the Node).
 */
public final class NodeRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);
  public static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_SECONDS = 40;

  private final KubernetesClient client;
  private final NodeObjects.Identity identity;
  private final HostInfo host;
  private final InstantSource clock;
  private volatile String nodeUid;
  private volatile boolean leaseKnown;

  public NodeRegistration(KubernetesClient client, NodeObjects.Identity identity, HostInfo host, InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.host = Objects.requireNonNull(host, "host");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Creates the node if it does not exist, then writes its status; answers the Node as stored. */
  public Node register() {
    Node existing = client.nodes().withName(identity.nodeName()).get();
    if (existing == null) {
      try {
        existing = client.nodes().resource(NodeObjects.node(identity, host, clock.instant())).create();
        LOG.info("registered node {}", identity.nodeName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        existing = client.nodes().withName(identity.nodeName()).get();
      }
    }
    nodeUid = existing.getMetadata().getUid();
    return updateStatus();
  }

  /** Writes the node's status (heartbeat times move, transition times stay). */
  public Node updateStatus() {
    Node current = client.nodes().withName(identity.nodeName()).get();
    List<NodeCondition> previous = current == null || current.getStatus() == null || current.getStatus().getConditions() == null
        ? List.of() : current.getStatus().getConditions();
    NodeStatus status = NodeObjects.status(identity, host, clock.instant(), previous);
    String body = "{\"status\":" + client.getKubernetesSerialization().asJson(status) + "}";
    Node named = new NodeBuilder().withNewMetadata().withName(identity.nodeName()).endMetadata().build();
    return client.nodes().resource(named).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }

  /**
   * Creates or renews the node's lease. Once the lease is known, a renewal is one merge patch of its spec, as the
   * kubelet's renewal is one update; a lease that has gone is looked up and created again.
   */
  public void renewLease() {
    var leases = client.leases().inNamespace(LEASE_NAMESPACE);
    if (leaseKnown) {
      try {
        patchLease();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        leaseKnown = false;
      }
    }
    java.time.ZonedDateTime now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).atZone(java.time.ZoneOffset.UTC);
    Lease lease = leases.withName(identity.nodeName()).get();
    if (lease == null) {
      LeaseBuilder b = new LeaseBuilder().withNewMetadata().withName(identity.nodeName()).withNamespace(LEASE_NAMESPACE).endMetadata()
          .withNewSpec().withHolderIdentity(identity.nodeName()).withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(now).endSpec();
      if (nodeUid != null) {
        b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(identity.nodeName())
            .withUid(nodeUid).build()).endMetadata();
      }
      try {
        leases.resource(b.build()).create();
        leaseKnown = true;
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    patchLease();
    leaseKnown = true;
  }

  /** One request: through a resource naming the lease (fabric8's withName(..).patch(..) would GET it first). */
  private void patchLease() {
    Lease named = new LeaseBuilder().withNewMetadata().withName(identity.nodeName()).withNamespace(LEASE_NAMESPACE).endMetadata().build();
    client.leases().inNamespace(LEASE_NAMESPACE).resource(named).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"holderIdentity\":\"" + identity.nodeName() + "\",\"leaseDurationSeconds\":" + LEASE_SECONDS
            + ",\"renewTime\":\"" + Timestamps.microTime(clock.instant()) + "\"}}");
  }
}

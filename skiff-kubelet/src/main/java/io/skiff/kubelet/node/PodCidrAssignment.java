package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.common.SkiffException;
import io.skiff.common.net.Ipv4Cidr;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pod CIDR, before the pod network is set up: the Node is registered first, Ready=False with the kubelet's
 * "cni plugin not initialized" message (the agent reports Ready once it runs), then the agent waits until the control plane's node IPAM controller has set
 * {@code spec.podCIDR}, as the kubelet waits for it in cluster mode. With an explicit CIDR (the agent's
 * {@code --pod-cidr}), the Node is registered with it instead, and a Node that already holds another one is an error,
 * since {@code spec.podCIDR} never changes once set.
 */
public final class PodCidrAssignment {
  private static final Logger LOG = LoggerFactory.getLogger(PodCidrAssignment.class);
  /** The kubelet's Ready=False message while no CNI network is configured. */
  static final String NETWORK_NOT_READY = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
      + "message:Network plugin returns error: cni plugin not initialized";

  private PodCidrAssignment() {}

  /**
   * Registers the node unless it exists and answers its pod CIDR, waiting up to {@code timeout} for one to be assigned.
   *
   * @param identity the node's name and address ({@code podCidr} the explicit one, or null/empty to be assigned)
   * @throws SkiffException.Timeout when no CIDR was assigned in time
   * @throws SkiffException.BadRequest when the Node holds another CIDR than the explicit one
   */
  public static Ipv4Cidr await(KubernetesClient client, NodeObjects.Identity identity, HostInfo host, InstantSource clock, Duration timeout) {
    Objects.requireNonNull(client, "client");
    String name = identity.nodeName();
    Optional<Ipv4Cidr> explicit = identity.podCidr() == null || identity.podCidr().isEmpty() ? Optional.empty()
        : Optional.of(Ipv4Cidr.parse(identity.podCidr()));
    Node node = client.nodes().withName(name).get();
    if (node == null) {
      Node bare = notReady(NodeObjects.node(identity, host, clock.instant()));
      try {
        node = client.nodes().resource(bare).create();
        LOG.info("registered node {}", name);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        node = client.nodes().withName(name).get();
      }
    }
    Optional<String> held = held(node);
    if (explicit.isPresent()) {
      if (held.isPresent() && !held.get().equals(explicit.get().toString())) {
        throw new SkiffException.BadRequest("node " + name + " already has pod CIDR " + held.get() + ", not " + explicit.get()
            + " (spec.podCIDR cannot change; delete the Node to give it another)");
      }
      if (held.isEmpty()) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build())
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"podCIDR\":\"" + explicit.get() + "\",\"podCIDRs\":[\"" + explicit.get() + "\"]}}");
      }
      return explicit.get();
    }
    if (held.isPresent()) {
      return Ipv4Cidr.parse(held.get());
    }
    LOG.info("node {}: waiting for the control plane to assign a pod CIDR", name);
    Node assigned;
    try {
      assigned = client.nodes().withName(name).waitUntilCondition(n -> n != null && held(n).isPresent(), timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new SkiffException.Timeout("node " + name + " got no pod CIDR within " + timeout.toSeconds() + " s: the node IPAM controller runs in "
          + "the skiff server that leads the cluster; is one running, with a --cluster-cidr that has room left (see the Node's "
          + "CIDRNotAvailable events)? Or start the agent with --pod-cidr");
    }
    return Ipv4Cidr.parse(held(assigned).orElseThrow());
  }

  /** The Node as the kubelet registers it before its network is set up: Ready=False for want of a CNI network. */
  static Node notReady(Node node) {
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        c.setStatus("False");
        c.setReason("KubeletNotReady");
        c.setMessage(NETWORK_NOT_READY);
      }
    }
    return node;
  }

  private static Optional<String> held(Node node) {
    if (node == null || node.getSpec() == null) {
      return Optional.empty();
    }
    List<String> cidrs = node.getSpec().getPodCIDRs() == null ? List.of() : node.getSpec().getPodCIDRs();
    if (!cidrs.isEmpty()) {
      return Optional.of(cidrs.getFirst());
    }
    return Optional.ofNullable(node.getSpec().getPodCIDR()).filter(s -> !s.isEmpty());
  }
}

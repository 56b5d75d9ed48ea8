package io.skiff.controllers.nodeipam;

import io.skiff.common.net.Ipv4Cidr;
import java.util.Objects;

/**
 * What the node IPAM controller hands out (kube-controller-manager's {@code --cluster-cidr} and
 * {@code --node-cidr-mask-size}).
 *
 * @param clusterCidr  the pods' network of the whole cluster, e.g. 10.42.0.0/16
 * @param nodeMaskSize the prefix length of each node's block, e.g. 24
 */
public record NodeIpamConfig(Ipv4Cidr clusterCidr, int nodeMaskSize) {
  /** Kubernetes refuses node blocks more than 16 bits longer than the cluster's (at most 65,536 blocks). */
  static final int MAX_SPLIT_BITS = 16;

  public NodeIpamConfig {
    Objects.requireNonNull(clusterCidr, "clusterCidr");
    if (nodeMaskSize < clusterCidr.prefix()) {
      throw new IllegalArgumentException("--node-cidr-mask-size " + nodeMaskSize + " must not be smaller than the --cluster-cidr prefix /"
          + clusterCidr.prefix());
    }
    if (nodeMaskSize > 30) {
      throw new IllegalArgumentException("--node-cidr-mask-size " + nodeMaskSize + " leaves no room for pods (at most 30)");
    }
    if (nodeMaskSize - clusterCidr.prefix() > MAX_SPLIT_BITS) {
      throw new IllegalArgumentException("--node-cidr-mask-size " + nodeMaskSize + " is too big for --cluster-cidr " + clusterCidr
          + ": at most " + MAX_SPLIT_BITS + " bits more than the cluster prefix");
    }
  }

  /** k3s's defaults: 10.42.0.0/16 split into /24s. */
  public static NodeIpamConfig defaults() {
    return of("10.42.0.0/16", 24);
  }

  /** Parses the flags' values; throws {@link IllegalArgumentException} with a message for the user. */
  public static NodeIpamConfig of(String clusterCidr, int nodeMaskSize) {
    return new NodeIpamConfig(Ipv4Cidr.parse(clusterCidr), nodeMaskSize);
  }
}

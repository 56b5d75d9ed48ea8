package io.skiff.controllers.nodeipam;

import io.skiff.common.net.Ipv4Cidr;
import java.util.BitSet;
import java.util.Optional;

/**
 * Which node blocks of the cluster CIDR are taken, as Kubernetes' {@code cidrset}: allocation goes round-robin from
 * after the last block handed out (so a block just freed is not given again at once); occupying and releasing a block
 * larger or smaller than a node block marks every node block it overlaps. Not thread-safe: one controller thread owns it.
 */
final class CidrSet {
  private final Ipv4Cidr cluster;
  private final int nodeMaskSize;
  private final int size;
  private final BitSet used;
  private int nextCandidate;

  CidrSet(NodeIpamConfig config) {
    this.cluster = config.clusterCidr();
    this.nodeMaskSize = config.nodeMaskSize();
    this.size = (int) cluster.subnetCount(nodeMaskSize);
    this.used = new BitSet(size);
  }

  /** The next free block, or empty when every block is taken. */
  Optional<Ipv4Cidr> allocateNext() {
    for (int i = 0; i < size; i++) {
      int candidate = (nextCandidate + i) % size;
      if (!used.get(candidate)) {
        used.set(candidate);
        nextCandidate = (candidate + 1) % size;
        return Optional.of(cluster.subnet(nodeMaskSize, candidate));
      }
    }
    return Optional.empty();
  }

  /** Marks the blocks {@code cidr} overlaps as taken; throws {@link IllegalArgumentException} when it is outside the cluster CIDR. */
  void occupy(Ipv4Cidr cidr) {
    int[] range = range(cidr);
    used.set(range[0], range[1]);
  }

  /** Marks the blocks {@code cidr} overlaps as free. */
  void release(Ipv4Cidr cidr) {
    int[] range = range(cidr);
    used.clear(range[0], range[1]);
  }

  boolean isUsed(Ipv4Cidr cidr) {
    int[] range = range(cidr);
    return used.get(range[0], range[1]).cardinality() == range[1] - range[0];
  }

  int free() {
    return size - used.cardinality();
  }

  private int[] range(Ipv4Cidr cidr) {
    if (cidr.prefix() >= nodeMaskSize) {
      Ipv4Cidr block = new Ipv4Cidr(cidr.network() & mask(nodeMaskSize), nodeMaskSize);
      if (!cluster.contains(block)) {
        throw new IllegalArgumentException(cidr + " is outside the cluster CIDR " + cluster);
      }
      int index = (int) cluster.indexOf(block);
      return new int[] {index, index + 1};
    }
    if (!cluster.contains(cidr)) {
      throw new IllegalArgumentException(cidr + " is outside the cluster CIDR " + cluster);
    }
    int first = (int) cluster.indexOf(new Ipv4Cidr(cidr.network(), nodeMaskSize));
    return new int[] {first, first + (int) cidr.subnetCount(nodeMaskSize)};
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }
}

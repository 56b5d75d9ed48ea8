package io.skiff.kubelet.node;

/**
 * Amounts of the node's resources: cpu in millicores, memory and ephemeral storage in bytes.
 */
public record NodeResources(long cpuMillis, long memoryBytes, long ephemeralStorageBytes) {
  public NodeResources {
    if (cpuMillis < 0 || memoryBytes < 0 || ephemeralStorageBytes < 0) {
      throw new IllegalArgumentException("resources must not be negative");
    }
  }
}

package io.skiff.kubelet.logs;

/** Finds the log of a pod's container on this node. */
@FunctionalInterface
public interface ContainerLogs {
  LogLookup find(String namespace, String pod, String container, boolean previous);
}

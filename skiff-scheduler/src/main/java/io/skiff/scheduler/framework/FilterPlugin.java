package io.skiff.scheduler.framework;

/**
 * Decides whether a pod may run on a node. Contract: pure and fast; it reads only its arguments, and a rejection
 * carries Kubernetes' reason text for the {@code FailedScheduling} message.
 */
public interface FilterPlugin extends Plugin {
  FilterResult filter(PodInfo pod, NodeInfo node);
}

package io.skiff.scheduler.framework;

/**
 * Decides whether a pod may run on a node, in two steps as Kubernetes' PreFilter and Filter: {@link #prepare} looks at
 * the whole cluster once per pod and returns the filter that then judges single nodes. Contract: pure; it reads only
 * its arguments, and a rejection carries Kubernetes' reason text for the {@code FailedScheduling} message.
 */
public interface FilterPlugin extends Plugin {
  NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster);
}

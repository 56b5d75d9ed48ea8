package io.skiff.scheduler.framework;

import java.util.Map;

/**
 * Runs after every node was rejected, as Kubernetes' post-filter (preemption) does. Contract: pure; it may re-run
 * {@code filters} on modified views of the cluster, and it never changes the cluster.
 */
public interface PostFilterPlugin extends Plugin {
  PostFilterResult postFilter(PodInfo pod, ClusterSnapshot cluster, Map<String, FilterResult.Reject> rejections, FilterChain filters);
}

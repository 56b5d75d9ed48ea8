package io.skiff.scheduler.framework;

/** A filter that needs nothing but the pod and the node it judges. */
public interface NodeLocalFilter extends FilterPlugin {
  FilterResult filter(PodInfo pod, NodeInfo node);

  @Override
  default NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    return node -> filter(pod, node);
  }
}

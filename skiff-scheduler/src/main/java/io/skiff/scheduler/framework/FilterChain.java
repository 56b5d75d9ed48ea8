package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.List;

/** The filters of a profile, run in order; the first rejection decides, as Kubernetes' framework does. */
public record FilterChain(List<FilterPlugin> plugins) {
  public FilterChain {
    plugins = List.copyOf(plugins);
  }

  /** Prepares every filter for {@code pod}; the result judges single nodes with all of them, in order. */
  public NodeFilter prepare(PodInfo pod, ClusterSnapshot cluster) {
    List<NodeFilter> prepared = new ArrayList<>(plugins.size());
    for (FilterPlugin plugin : plugins) {
      NodeFilter f = plugin.prepare(pod, cluster);
      if (f != NodeFilter.PASS_ALL) {
        prepared.add(f);
      }
    }
    NodeFilter[] filters = prepared.toArray(NodeFilter[]::new);
    return node -> {
      for (NodeFilter f : filters) {
        FilterResult result = f.filter(node);
        if (result instanceof FilterResult.Reject) {
          return result;
        }
      }
      return FilterResult.PASS;
    };
  }

  /**
   * As {@link #prepare}, honouring nominated pods as Kubernetes' {@code RunFilterPluginsWithNominatedPods} does: on a
   * node where pods of equal or higher priority are nominated, the pod must fit both with them added and without them.
   */
  public NodeFilter prepareWithNominated(PodInfo pod, ClusterSnapshot cluster) {
    NodeFilter plain = prepare(pod, cluster);
    NominatedPods nominated = cluster.nominated();
    if (nominated.isEmpty()) {
      return plain;
    }
    return node -> {
      List<PodInfo> reserved = nominated.reservedAgainst(node.name(), pod);
      if (!reserved.isEmpty()) {
        NodeInfo withNominated = node.with(reserved);
        FilterResult result = run(pod, cluster.withNode(withNominated), withNominated);
        if (result instanceof FilterResult.Reject) {
          return result;
        }
      }
      return plain.filter(node);
    };
  }

  /** Prepares and runs every filter for one node (tests and one-off checks). */
  public FilterResult run(PodInfo pod, ClusterSnapshot cluster, NodeInfo node) {
    return prepare(pod, cluster).filter(node);
  }
}

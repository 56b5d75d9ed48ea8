package io.skiff.scheduler.framework;

import java.util.List;

/** The filters of a profile, run in order; the first rejection decides, as Kubernetes' framework does. */
public record FilterChain(List<FilterPlugin> plugins) {
  public FilterChain {
    plugins = List.copyOf(plugins);
  }

  public FilterResult run(PodInfo pod, NodeInfo node) {
    for (FilterPlugin plugin : plugins) {
      FilterResult result = plugin.filter(pod, node);
      if (result instanceof FilterResult.Reject) {
        return result;
      }
    }
    return FilterResult.PASS;
  }
}

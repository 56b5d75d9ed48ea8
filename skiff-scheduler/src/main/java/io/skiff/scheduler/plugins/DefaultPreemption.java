package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.FilterChain;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.FitError;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PostFilterPlugin;
import io.skiff.scheduler.framework.PostFilterResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The diagnosis half of Kubernetes' {@code DefaultPreemption}: it works out whether evicting lower-priority pods could
 * make room and words the result as Kubernetes does ({@code preemption: 0/3 nodes are available: 1 Preemption is not
 * helpful for scheduling, 2 No preemption victims found for incoming pod.}). Nodes rejected for a reason eviction
 * cannot change count as "Preemption is not helpful for scheduling"; on the others every lower-priority pod is removed
 * and the filters run again over the cluster without them: no such pod gives "No preemption victims found for incoming pod", a node that still
 * fails gives the filter's reasons, and a node that then fits means preemption would work. skiff does not evict
 * (that is a later issue), so in that case it only reports {@link PostFilterResult.VictimsFound}.
 */
public final class DefaultPreemption implements PostFilterPlugin {
  public static final String NAME = "DefaultPreemption";
  public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  public static final String NEVER = "not eligible due to preemptionPolicy=Never.";
  static final String PREFIX = "preemption: ";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PostFilterResult postFilter(PodInfo pod, ClusterSnapshot cluster, Map<String, FilterResult.Reject> rejections, FilterChain filters) {
    if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
      return new PostFilterResult.Unresolved(PREFIX + NEVER);
    }
    Map<String, FilterResult.Reject> dryRun = new LinkedHashMap<>();
    for (NodeInfo node : cluster.nodes()) {
      FilterResult.Reject rejection = rejections.get(node.name());
      if (rejection == null || rejection.code() != FilterResult.Code.UNSCHEDULABLE) {
        continue;
      }
      long victims = node.pods().stream().filter(p -> p.priority() < pod.priority()).count();
      if (victims == 0) {
        dryRun.put(node.name(), FilterResult.unresolvable(NO_VICTIMS));
        continue;
      }
      NodeInfo reduced = node.without(p -> p.priority() < pod.priority());
      switch (filters.run(pod, cluster.withNode(reduced), reduced)) {
        case FilterResult.Pass pass -> {
          return new PostFilterResult.VictimsFound(node.name(), (int) victims);
        }
        case FilterResult.Reject reject -> dryRun.put(node.name(), reject);
      }
    }
    FitError error = new FitError(cluster.nodes().size(), dryRun, NOT_HELPFUL, "");
    return new PostFilterResult.Unresolved(PREFIX + error.message());
  }
}

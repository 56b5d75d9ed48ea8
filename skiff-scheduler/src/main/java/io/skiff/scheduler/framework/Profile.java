package io.skiff.scheduler.framework;

import java.util.List;
import java.util.Objects;

/**
 * One scheduling configuration (Kubernetes' profile): the filters in order, the weighted scores, and the post-filters
 * tried when every node is rejected.
 */
public record Profile(FilterChain filters, List<WeightedScore> scores, List<PostFilterPlugin> postFilters) {
  public Profile {
    Objects.requireNonNull(filters, "filters");
    scores = List.copyOf(scores);
    postFilters = List.copyOf(postFilters);
  }
}

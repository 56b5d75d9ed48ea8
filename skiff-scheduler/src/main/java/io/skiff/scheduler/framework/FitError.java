package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits no node, and its text in Kubernetes' wording ({@code FitError.Error()}): {@code 0/<N> nodes are
 * available: } followed by every reason with the number of nodes that gave it, as {@code "<count> <reason>"} sorted
 * as strings and joined by {@code ", "}, then a full stop and the post-filter message, if any. Nodes without an entry
 * in {@code rejections} count under {@code absentNodesReason} when it is not empty. With no nodes at all the text is
 * {@value #NO_NODES}.
 *
 * @param numAllNodes the number of nodes considered
 * @param rejections the rejection of each node that was evaluated, by node name
 * @param absentNodesReason the reason counted for nodes not in {@code rejections}, or empty
 * @param postFilterMessage text appended after the histogram, or empty
 */
public record FitError(int numAllNodes, Map<String, FilterResult.Reject> rejections, String absentNodesReason,
                       String postFilterMessage) {
  /** Kubernetes' {@code ErrNoNodesAvailable} text. */
  public static final String NO_NODES = "no nodes available to schedule pods";

  public FitError {
    if (numAllNodes < 0) {
      throw new IllegalArgumentException("numAllNodes must not be negative");
    }
    rejections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
    absentNodesReason = absentNodesReason == null ? "" : absentNodesReason;
    postFilterMessage = postFilterMessage == null ? "" : postFilterMessage;
  }

  /** A fit error over evaluated nodes, without post-filter text. */
  public static FitError of(int numAllNodes, Map<String, FilterResult.Reject> rejections) {
    return new FitError(numAllNodes, rejections, "", "");
  }

  /** The same error with post-filter text appended. */
  public FitError withPostFilterMessage(String message) {
    return new FitError(numAllNodes, rejections, absentNodesReason, message);
  }

  /** The text of the {@code FailedScheduling} event and of the {@code PodScheduled} condition. */
  public String message() {
    if (numAllNodes == 0) {
      return NO_NODES;
    }
    StringBuilder text = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
    List<String> histogram = histogram();
    if (!histogram.isEmpty()) {
      text.append(' ').append(String.join(", ", histogram)).append('.');
    }
    if (!postFilterMessage.isEmpty()) {
      text.append(' ').append(postFilterMessage);
    }
    return text.toString();
  }

  /** The {@code "<count> <reason>"} entries, sorted as strings (so {@code "10 …"} sorts before {@code "2 …"}, as in Go). */
  public List<String> histogram() {
    Map<String, Integer> counts = new TreeMap<>();
    for (FilterResult.Reject r : rejections.values()) {
      for (String reason : r.reasons()) {
        counts.merge(reason, 1, Integer::sum);
      }
    }
    int absent = numAllNodes - rejections.size();
    if (absent > 0 && !absentNodesReason.isEmpty()) {
      counts.merge(absentNodesReason, absent, Integer::sum);
    }
    List<String> entries = new ArrayList<>();
    counts.forEach((reason, count) -> entries.add(count + " " + reason));
    entries.sort(null);
    return entries;
  }
}

package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.util.List;
import java.util.Objects;

/**
 * Routes node informer events to the cache. A new node, or a change that can make room (spec, labels, allocatable,
 * the status of a condition), retries the unschedulable pods; heartbeat-only updates do not.
 */
public final class NodeEventHandler implements ResourceEventHandler<Node> {
  private final ClusterCache cache;
  private final SchedulingQueue queue;

  public NodeEventHandler(ClusterCache cache, SchedulingQueue queue) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  @Override
  public void onAdd(Node node) {
    cache.upsertNode(node);
    queue.moveAllToActiveOrBackoff();
  }

  @Override
  public void onUpdate(Node old, Node node) {
    cache.upsertNode(node);
    if (schedulingRelevantChange(old, node)) {
      queue.moveAllToActiveOrBackoff();
    }
  }

  @Override
  public void onDelete(Node node, boolean finalStateUnknown) {
    cache.removeNode(node.getMetadata().getName());
  }

  static boolean schedulingRelevantChange(Node old, Node node) {
    return !Objects.equals(old.getSpec(), node.getSpec())
        || !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
        || !Objects.equals(allocatable(old), allocatable(node))
        || !conditionStatuses(old).equals(conditionStatuses(node));
  }

  private static String typeAndStatus(NodeCondition c) {
    return c.getType() + "=" + c.getStatus();
  }

  private static Object allocatable(Node node) {
    return node.getStatus() == null ? null : node.getStatus().getAllocatable();
  }

  private static List<String> conditionStatuses(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return List.of();
    }
    return node.getStatus().getConditions().stream().map(NodeEventHandler::typeAndStatus).sorted().toList();
  }
}

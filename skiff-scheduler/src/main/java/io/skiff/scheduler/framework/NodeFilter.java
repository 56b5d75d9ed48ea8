package io.skiff.scheduler.framework;

/** A filter prepared for one pod in one cycle: judges one node. */
@FunctionalInterface
public interface NodeFilter {
  /** A filter that passes every node, for a plugin with nothing to check for this pod. */
  NodeFilter PASS_ALL = node -> FilterResult.PASS;

  FilterResult filter(NodeInfo node);
}

package io.skiff.scheduler.framework;

/** What a post-filter concluded. */
public sealed interface PostFilterResult {
  /** It cannot help; {@code message} is appended to the {@code FailedScheduling} text. */
  record Unresolved(String message) implements PostFilterResult {}

  /**
   * Evicting {@code victims} lower-priority pods from {@code nodeName} would make room. The message then carries no
   * post-filter text, as in Kubernetes when preemption succeeds.
   */
  record VictimsFound(String nodeName, int victims) implements PostFilterResult {}
}

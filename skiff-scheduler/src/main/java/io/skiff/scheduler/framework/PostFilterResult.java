package io.skiff.scheduler.framework;

import java.util.Objects;

/** What a post-filter concluded. */
public sealed interface PostFilterResult {
  /**
   * It cannot help; {@code message} is appended to the {@code FailedScheduling} text. {@code clearsNomination}: the
   * pod's nomination, if any, no longer holds (Kubernetes nominates such a pod to no node).
   */
  record Unresolved(String message, boolean clearsNomination) implements PostFilterResult {
    public Unresolved {
      Objects.requireNonNull(message, "message");
    }

    /** Unresolved, leaving the pod's nomination as it is. */
    public Unresolved(String message) {
      this(message, false);
    }
  }

  /**
   * Evicting the candidate's victims would make room on its node. The message then carries no post-filter text, as in
   * Kubernetes when preemption succeeds.
   */
  record VictimsFound(Candidate candidate) implements PostFilterResult {
    public VictimsFound {
      Objects.requireNonNull(candidate, "candidate");
    }
  }
}

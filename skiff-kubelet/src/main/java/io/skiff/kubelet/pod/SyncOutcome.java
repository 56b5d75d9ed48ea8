package io.skiff.kubelet.pod;

import java.time.Duration;
import java.util.Objects;

/** What a sync of a running pod ended with. */
public sealed interface SyncOutcome {

  /** The pod keeps running; sync again after {@code resyncAfter} at the latest. */
  record Continue(Duration resyncAfter) implements SyncOutcome {
    public Continue {
      Objects.requireNonNull(resyncAfter, "resyncAfter");
    }
  }

  /** The pod reached Succeeded or Failed: it is stopped and never started again. */
  record Finished(String phase) implements SyncOutcome {
    public Finished {
      Objects.requireNonNull(phase, "phase");
    }
  }
}

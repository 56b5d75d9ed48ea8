package io.skiff.images.pull;

import io.skiff.images.LocalImage;
import java.time.Duration;
import java.util.Optional;

/**
 * The decision of the kubelet's {@code EnsureImageExists}, as a pure function: Always pulls unless backing off;
 * IfNotPresent uses a present image, else pulls unless backing off; Never uses a present image and otherwise fails
 * without back-off.
 */
public final class PullPlanner {
  private PullPlanner() {}

  /**
   * @param present          the local image, when the presence check found one (not consulted for Always)
   * @param backOffRemaining how long the back-off for this pod and image still runs; zero or negative when none
   */
  public static PullDecision decide(PullPolicy policy, Optional<LocalImage> present, Duration backOffRemaining) {
    boolean backingOff = backOffRemaining.isPositive();
    return switch (policy) {
      case Always -> backingOff ? new PullDecision.BackOff(backOffRemaining) : new PullDecision.Pull();
      case IfNotPresent -> present.<PullDecision>map(PullDecision.UsePresent::new)
          .orElseGet(() -> backingOff ? new PullDecision.BackOff(backOffRemaining) : new PullDecision.Pull());
      case Never -> present.<PullDecision>map(PullDecision.UsePresent::new).orElseGet(PullDecision.NeverPull::new);
    };
  }
}

package io.skiff.images.pull;

import io.skiff.images.LocalImage;
import java.time.Duration;

/** What to do about a container's image, decided by {@link PullPlanner}. */
public sealed interface PullDecision {
  /** The image is present and the policy allows using it. */
  record UsePresent(LocalImage image) implements PullDecision {}

  /** Pull now. */
  record Pull() implements PullDecision {}

  /** Policy Never and the image is absent. */
  record NeverPull() implements PullDecision {}

  /** A recent pull failed and the back-off has {@code remaining} to run. */
  record BackOff(Duration remaining) implements PullDecision {}
}

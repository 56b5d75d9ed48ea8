package io.skiff.images.pull;

import io.skiff.images.LocalImage;
import java.util.List;

/** The result of ensuring a container's image: ready to run, or a waiting reason and message; events either way. */
public sealed interface EnsureOutcome {
  List<ImageEvent> events();

  /** The image is present (pulled now or before). */
  record Ready(LocalImage image, List<ImageEvent> events) implements EnsureOutcome {
    public Ready {
      events = List.copyOf(events);
    }
  }

  /** The container waits: {@code reason} and {@code message} go into its waiting state. */
  record Waiting(WaitingReason reason, String message, List<ImageEvent> events) implements EnsureOutcome {
    public Waiting {
      events = List.copyOf(events);
    }
  }
}

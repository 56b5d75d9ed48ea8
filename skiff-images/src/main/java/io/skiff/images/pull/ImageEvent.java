package io.skiff.images.pull;

import java.util.Objects;

/** An event the node agent records on the pod for its container, with Kubernetes' reason and message. */
public record ImageEvent(Type type, String reason, String message) {
  public enum Type { Normal, Warning }

  public ImageEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  static ImageEvent normal(String reason, String message) {
    return new ImageEvent(Type.Normal, reason, message);
  }

  static ImageEvent warning(String reason, String message) {
    return new ImageEvent(Type.Warning, reason, message);
  }
}

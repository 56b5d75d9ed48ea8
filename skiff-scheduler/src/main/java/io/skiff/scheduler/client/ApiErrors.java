package io.skiff.scheduler.client;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skiff.common.SkiffException;

/** Turns a fabric8 failure into skiff's error vocabulary, by HTTP status code (never by message text). */
final class ApiErrors {
  private ApiErrors() {}

  static SkiffException translate(KubernetesClientException e, String resource, String name) {
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    return switch (e.getCode()) {
      case 400, 422 -> new SkiffException.BadRequest(message, e);
      case 401 -> new SkiffException.Unauthorized(message);
      case 403 -> new SkiffException.Forbidden(message);
      case 404 -> new SkiffException.NotFound(message);
      case 409 -> new SkiffException.Conflict(new SkiffException.Subject(resource, name), message);
      case 504 -> new SkiffException.Timeout(message);
      case 0, 429, 500, 502, 503 -> new SkiffException.Unavailable(message, e);
      default -> new SkiffException.Internal(message, e);
    };
  }
}

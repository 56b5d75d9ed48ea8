package io.skiff.apiserver.patch;

import java.util.Locale;
import java.util.Optional;

/** The PATCH body types, by their media types. */
public enum PatchType {
  /** RFC 6902 JSON patch. */
  JSON("application/json-patch+json"),
  /** RFC 7386 JSON merge patch. */
  MERGE("application/merge-patch+json"),
  /** Kubernetes' strategic merge patch. */
  STRATEGIC("application/strategic-merge-patch+json"),
  /** Server-side apply (the body is YAML or JSON). */
  APPLY("application/apply-patch+yaml");

  private final String mediaType;

  PatchType(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type, e.g. {@code application/strategic-merge-patch+json}. */
  public String mediaType() {
    return mediaType;
  }

  /** The patch type of a {@code Content-Type} header (parameters ignored), or empty (the caller answers 415). */
  public static Optional<PatchType> forMediaType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semi = contentType.indexOf(';');
    String bare = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    for (PatchType t : values()) {
      if (t.mediaType.equals(bare)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}

package io.skiff.apiserver.decode;

import java.util.Locale;
import java.util.Optional;

/** The syntax of a request body, chosen from its media type. */
public enum BodyFormat {
  JSON,
  YAML;

  /**
   * The format of a media type, ignoring parameters such as {@code charset}: {@code application/json} and the JSON
   * patch types are JSON; {@code application/yaml} and {@code application/apply-patch+yaml} are YAML (which also
   * accepts JSON, as kubectl sends it). Empty when skiff cannot read the media type (the caller answers 415).
   */
  public static Optional<BodyFormat> forMediaType(String mediaType) {
    if (mediaType == null) {
      return Optional.empty();
    }
    int semi = mediaType.indexOf(';');
    String bare = (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return switch (bare) {
      case "application/json", "application/json-patch+json", "application/merge-patch+json",
          "application/strategic-merge-patch+json", "*/*" -> Optional.of(JSON);
      case "application/yaml", "application/apply-patch+yaml", "text/yaml", "application/x-yaml" -> Optional.of(YAML);
      default -> Optional.empty();
    };
  }
}

package io.skiff.apiserver.rest;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun       {@code dryRun=All}: validate and answer, store nothing
 * @param fieldManager the {@code fieldManager} query parameter, or null
 * @param validation   the {@code fieldValidation} mode
 * @param force        {@code force=true} on server-side apply
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation validation, boolean force) {

  /** Kubernetes' field validation modes; Strict is the server's default for kubectl 1.27+. */
  public enum FieldValidation {
    STRICT, WARN, IGNORE;

    /** Parses the query value (case-insensitive); absent means Warn, the API server's default. */
    public static FieldValidation parse(String v) {
      if (v == null || v.isEmpty()) {
        return WARN;
      }
      return switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "strict" -> STRICT;
        case "warn" -> WARN;
        case "ignore" -> IGNORE;
        default -> throw new io.skiff.common.SkiffException.BadRequest(
            "fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\" but got: " + v);
      };
    }
  }

  public static WriteOptions defaults() {
    return new WriteOptions(false, null, FieldValidation.STRICT, false);
  }
}

package io.skiff.apiserver.decode;

import io.skiff.common.SkiffException;

/**
 * The {@code fieldValidation} modes of create, update and patch requests, spelled as Kubernetes spells them. kubectl
 * 1.27+ sends {@code Strict} by default; the API server's default when the parameter is absent is {@code Warn}.
 */
public enum FieldValidation {
  /** Unknown or duplicated fields fail the request with 400 BadRequest. */
  Strict,
  /** Unknown or duplicated fields are dropped and reported as {@code Warning} headers. */
  Warn,
  /** Unknown or duplicated fields are dropped silently. */
  Ignore;

  /** Parses the query parameter value; null or empty means {@link #Warn}, as in Kubernetes. */
  public static FieldValidation parse(String value) {
    if (value == null || value.isEmpty()) {
      return Warn;
    }
    for (FieldValidation v : values()) {
      if (v.name().equals(value)) {
        return v;
      }
    }
    throw new SkiffException.BadRequest("fieldValidation: Unsupported value: \"" + value.replace("\"", "\\\"")
        + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
  }
}

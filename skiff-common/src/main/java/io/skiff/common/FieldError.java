package io.skiff.common;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One validation failure on one field path, worded as Kubernetes' {@code field.Error}: {@code
 * spec.containers[1].name: Duplicate value: "app"}.
 *
 * @param type     the kind of failure
 * @param field    the field path, e.g. {@code spec.initContainers[1].name}
 * @param badValue the offending value, or {@code null} when the type prints none (Required, Forbidden)
 * @param detail   extra explanation, or empty
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** The failure kinds with the exact text and Status cause reason Kubernetes uses. */
  public enum Type {
    NOT_FOUND("Not found", "FieldValueNotFound"),
    REQUIRED("Required value", "FieldValueRequired"),
    DUPLICATE("Duplicate value", "FieldValueDuplicate"),
    INVALID("Invalid value", "FieldValueInvalid"),
    NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
    FORBIDDEN("Forbidden", "FieldValueForbidden"),
    TOO_LONG("Too long", "FieldValueTooLong"),
    TOO_MANY("Too many", "FieldValueTooMany"),
    INTERNAL("Internal error", "InternalError");

    private final String text;
    private final String reason;

    Type(String text, String reason) {
      this.text = text;
      this.reason = reason;
    }

    /** The words Kubernetes prints, e.g. {@code Required value}. */
    public String text() { return text; }

    /** The {@code details.causes[].reason} Kubernetes sends, e.g. {@code FieldValueRequired}. */
    public String reason() { return reason; }
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    detail = detail == null ? "" : detail;
  }

  public static FieldError required(String field, String detail) { return new FieldError(Type.REQUIRED, field, null, detail); }
  public static FieldError invalid(String field, Object value, String detail) { return new FieldError(Type.INVALID, field, value, detail); }
  public static FieldError duplicate(String field, Object value) { return new FieldError(Type.DUPLICATE, field, value, ""); }
  public static FieldError notFound(String field, Object value) { return new FieldError(Type.NOT_FOUND, field, value, ""); }
  public static FieldError forbidden(String field, String detail) { return new FieldError(Type.FORBIDDEN, field, null, detail); }
  public static FieldError notSupported(String field, Object value, List<String> valid) {
    String detail = valid == null || valid.isEmpty() ? ""
        : "supported values: " + valid.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  /** The cause message without the field, as in {@code details.causes[].message}: {@code Duplicate value: "app"}. */
  public String message() {
    StringBuilder b = new StringBuilder(type.text());
    boolean printsValue = type != Type.REQUIRED && type != Type.FORBIDDEN && type != Type.TOO_MANY && type != Type.INTERNAL;
    if (printsValue && badValue != null) {
      b.append(": ").append(quote(badValue));
    }
    if (!detail.isEmpty()) {
      b.append(": ").append(detail);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return field + ": " + message();
  }

  /**
   * Joins errors as the aggregate message Kubernetes prints: one bare, several in brackets; an exact repeat of a
   * message is printed once, as Kubernetes' aggregate does.
   */
  public static String join(List<FieldError> errors) {
    List<String> messages = errors.stream().map(FieldError::toString).distinct().toList();
    if (messages.size() == 1) {
      return messages.get(0);
    }
    return messages.stream().collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quote(Object v) {
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return String.valueOf(v);
  }
}

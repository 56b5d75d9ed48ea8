package io.skiff.apiserver.registry;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A bad value that Kubernetes prints in Go syntax rather than as a quoted string, for {@code FieldError}s:
 * {@code null}, {@code []string{"a", "b"}}, or a struct rendering. Its {@link #toString()} is the text as printed.
 *
 * @param text the literal text Kubernetes shows for the value
 */
public record GoValue(String text) {

  /** Go's rendering of a nil value. */
  public static final GoValue NULL = new GoValue("null");

  public GoValue {
    Objects.requireNonNull(text, "text");
  }

  /** A string slice as Go's {@code %#v} prints it: {@code []string{"a", "b"}}, or {@code []string(nil)} when absent. */
  public static GoValue stringSlice(List<String> values) {
    if (values == null) {
      return new GoValue("[]string(nil)");
    }
    return new GoValue(values.stream().map(GoValue::quote).collect(Collectors.joining(", ", "[]string{", "}")));
  }

  /** A string in Go's {@code %q} form. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  @Override
  public String toString() {
    return text;
  }
}

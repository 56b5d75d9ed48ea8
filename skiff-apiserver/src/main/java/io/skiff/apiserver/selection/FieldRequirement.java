package io.skiff.apiserver.selection;

import java.util.Map;
import java.util.Objects;

/**
 * One term of a field selector: {@code field=value} (also written {@code ==}) or {@code field!=value}.
 *
 * @param field  the field label, e.g. {@code spec.nodeName}
 * @param equals true for {@code =}/{@code ==}, false for {@code !=}
 * @param value  the unescaped value; a field the object lacks counts as the empty string
 */
public record FieldRequirement(String field, boolean equals, String value) {

  public FieldRequirement {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
  }

  /** Whether an object with these selectable fields satisfies the term. */
  public boolean matches(Map<String, String> fields) {
    String actual = fields.getOrDefault(field, "");
    return equals == value.equals(actual == null ? "" : actual);
  }

  /** The term in selector syntax, with {@code \}, {@code ,} and {@code =} escaped in the value. */
  @Override
  public String toString() {
    String escaped = value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    return field + (equals ? "=" : "!=") + escaped;
  }
}

package io.skiff.apiserver.resource;

import java.util.Objects;

/**
 * One column of server-side printing (a {@code meta.k8s.io/v1} {@code TableColumnDefinition}).
 *
 * @param name        header, e.g. {@code Name}, {@code Ready}; kubectl upper-cases it
 * @param type        {@code string}, {@code integer}, {@code date}, …
 * @param format      e.g. {@code name} for the name column, else empty
 * @param description what the column shows
 * @param priority    0 for default columns, 1 for {@code -o wide} only
 */
public record Column(String name, String type, String format, String description, int priority) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    format = format == null ? "" : format;
    description = description == null ? "" : description;
  }
}

package io.skiff.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A path to one managed field, printed as structured-merge-diff prints it in conflicts:
 * {@code .spec.containers[name="app"].image}.
 */
public record FieldPath(List<PathElement> elements) {
  public FieldPath {
    elements = List.copyOf(elements);
  }

  static final FieldPath ROOT = new FieldPath(List.of());

  FieldPath child(PathElement e) {
    List<PathElement> next = new ArrayList<>(elements.size() + 1);
    next.addAll(elements);
    next.add(e);
    return new FieldPath(next);
  }

  FieldPath field(String name) {
    return child(new PathElement.Field(name));
  }

  /** The last element, or null for the root. */
  PathElement last() {
    return elements.isEmpty() ? null : elements.get(elements.size() - 1);
  }

  FieldPath parent() {
    return new FieldPath(elements.subList(0, Math.max(0, elements.size() - 1)));
  }

  /** Builds a path of named fields: {@code FieldPath.of("metadata", "labels", "tier")}. */
  public static FieldPath of(String... fields) {
    List<PathElement> list = new ArrayList<>();
    for (String f : fields) {
      list.add(new PathElement.Field(f));
    }
    return new FieldPath(list);
  }

  @Override
  public String toString() {
    return elements.stream().map(PathElement::toString).collect(Collectors.joining());
  }
}

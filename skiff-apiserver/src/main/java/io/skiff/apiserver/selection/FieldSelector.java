package io.skiff.apiserver.selection;

import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed field selector ({@code fieldSelector=spec.nodeName=n1,status.phase!=Failed}): every term must match.
 * Parsing follows Kubernetes' {@code fields.ParseSelector}: terms split on unescaped commas, the first
 * {@code !=}, {@code ==} or {@code =} splits a term, and values may escape {@code \}, {@code ,} and {@code =} with a
 * backslash. Immutable.
 */
public final class FieldSelector {

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
  private static final List<String> OPERATORS = List.of("!=", "==", "=");

  private final List<FieldRequirement> requirements;

  private FieldSelector(List<FieldRequirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector that matches every object. */
  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses selector text.
   *
   * @throws SkiffException.BadRequest with Kubernetes' message when a term cannot be understood or a value is
   *     badly escaped
   */
  public static FieldSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    List<String> parts = splitTerms(text);
    Collections.sort(parts);
    List<FieldRequirement> requirements = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      FieldRequirement r = term(text, part);
      requirements.add(r);
    }
    return new FieldSelector(requirements);
  }

  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(text.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(text.substring(start));
    return terms;
  }

  private static FieldRequirement term(String selector, String part) {
    for (int i = 0; i < part.length(); i++) {
      for (String op : OPERATORS) {
        if (part.startsWith(op, i)) {
          String value = unescape(part.substring(i + op.length()));
          return new FieldRequirement(part.substring(0, i), !op.equals("!="), value);
        }
      }
    }
    throw new SkiffException.BadRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    boolean inSlash = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inSlash) {
        if (c == '\\' || c == ',' || c == '=') {
          b.append(c);
        } else {
          throw new SkiffException.BadRequest("invalid field selector: invalid escape sequence: \\" + c);
        }
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',' || c == '=') {
        throw new SkiffException.BadRequest("invalid field selector: unescaped character in value: " + (int) c);
      } else {
        b.append(c);
      }
    }
    if (inSlash) {
      throw new SkiffException.BadRequest("invalid field selector: invalid escape sequence: \\");
    }
    return b.toString();
  }

  /** Whether an object with these selectable fields is selected. */
  public boolean matches(Map<String, String> fields) {
    Map<String, String> actual = fields == null ? Map.of() : fields;
    for (FieldRequirement r : requirements) {
      if (!r.matches(actual)) {
        return false;
      }
    }
    return true;
  }

  /** The terms, in the sorted order Kubernetes evaluates them. */
  public List<FieldRequirement> requirements() {
    return requirements;
  }

  /** The field labels the selector refers to, in term order. */
  public Set<String> fieldNames() {
    return requirements.stream().map(FieldRequirement::field).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Refuses a selector on fields the resource does not offer, as the API server does.
   *
   * @param supported the field labels of the resource (the keys of its selectable fields)
   * @return this selector
   * @throws SkiffException.BadRequest {@code field label not supported: <field>} for the first unsupported field
   */
  public FieldSelector requireSupported(Set<String> supported) {
    for (FieldRequirement r : requirements) {
      if (!supported.contains(r.field())) {
        throw new SkiffException.BadRequest("field label not supported: " + r.field());
      }
    }
    return this;
  }

  /** The value a matching object must have in {@code field}, when the selector pins it with {@code =}. */
  public Optional<String> exactMatch(String field) {
    return requirements.stream().filter(r -> r.equals() && r.field().equals(field)).map(FieldRequirement::value).findFirst();
  }

  /** Whether this selector restricts nothing. */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** The selector in canonical text form (terms sorted, values escaped). */
  @Override
  public String toString() {
    return requirements.stream().map(FieldRequirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && other.requirements.equals(requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }
}

package io.skiff.apiserver.selection;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.skiff.apiserver.selection.LabelRequirement.Operator;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A parsed label selector: all requirements must match (logical AND). Built from selector text
 * ({@code app=web,tier in (a,b),!canary}) or from a structured {@code metav1.LabelSelector}; immutable.
 */
public final class LabelSelector {

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private final List<LabelRequirement> requirements;
  private final boolean nothing;

  private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
    this.requirements = List.copyOf(requirements);
    this.nothing = nothing;
  }

  /** The selector that matches every object (an empty selector). */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /** The selector that matches no object (what a nil structured selector means). */
  public static LabelSelector nothing() {
    return NOTHING;
  }

  /**
   * Parses selector text with the grammar and error messages of Kubernetes' {@code labels.Parse}.
   *
   * @throws SkiffException.BadRequest when the text is not a valid selector
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    try {
      return new LabelSelector(LabelParser.parse(text), false);
    } catch (LabelParser.ParseError e) {
      throw new SkiffException.BadRequest(e.getMessage());
    }
  }

  /**
   * Converts a structured selector as {@code metav1.LabelSelectorAsSelector} does: null selects nothing, an empty one
   * everything; {@code matchLabels} become equality terms and {@code matchExpressions} set or existence terms.
   *
   * @throws SkiffException.BadRequest for an unknown operator or an invalid key or value
   */
  public static LabelSelector from(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    if (selector == null) {
      return NOTHING;
    }
    Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    if (matchLabels.isEmpty() && expressions.isEmpty()) {
      return EVERYTHING;
    }
    List<LabelRequirement> requirements = new ArrayList<>();
    try {
      for (Map.Entry<String, String> e : new TreeMap<>(matchLabels).entrySet()) {
        requirements.add(LabelParser.create(e.getKey(), Operator.EQUALS, List.of(e.getValue() == null ? "" : e.getValue())));
      }
      for (LabelSelectorRequirement expr : expressions) {
        Operator op = switch (expr.getOperator() == null ? "" : expr.getOperator()) {
          case "In" -> Operator.IN;
          case "NotIn" -> Operator.NOT_IN;
          case "Exists" -> Operator.EXISTS;
          case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
          default -> throw new SkiffException.BadRequest(
              "\"" + (expr.getOperator() == null ? "" : expr.getOperator()) + "\" is not a valid label selector operator");
        };
        List<String> values = expr.getValues() == null || expr.getValues().isEmpty() ? null : expr.getValues();
        requirements.add(LabelParser.create(expr.getKey() == null ? "" : expr.getKey(), op, values));
      }
    } catch (LabelParser.ParseError e) {
      throw new SkiffException.BadRequest(e.getMessage());
    }
    requirements.sort(Comparator.comparing(LabelRequirement::key));
    return new LabelSelector(requirements, false);
  }

  /** Whether an object with these labels is selected; a null map counts as no labels. */
  public boolean matches(Map<String, String> labels) {
    if (nothing) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    for (LabelRequirement r : requirements) {
      if (!r.matches(actual)) {
        return false;
      }
    }
    return true;
  }

  /** The requirements, sorted by key. */
  public List<LabelRequirement> requirements() {
    return requirements;
  }

  /** Whether this selector restricts nothing. */
  public boolean isEverything() {
    return !nothing && requirements.isEmpty();
  }

  /** The selector in canonical text form (requirements sorted by key); empty for everything and nothing. */
  @Override
  public String toString() {
    return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && other.nothing == nothing && other.requirements.equals(requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode() * 31 + Boolean.hashCode(nothing);
  }
}

package io.skiff.apiserver.selection;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One term of a label selector: a key, an operator and its values (sorted, without duplicates).
 *
 * @param key      the label key
 * @param operator how the label is compared
 * @param values   the values; one for the equality and ordering operators, none for existence
 */
public record LabelRequirement(String key, Operator operator, List<String> values) {

  /** The operators of label selectors, with their spelling in selector text. */
  public enum Operator {
    IN("in"),
    NOT_IN("notin"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    EXISTS("exists"),
    DOES_NOT_EXIST("!"),
    GREATER_THAN("gt"),
    LESS_THAN("lt");

    private final String text;

    Operator(String text) {
      this.text = text;
    }

    /** The operator as Kubernetes names it ({@code selection.Operator}). */
    public String text() {
      return text;
    }
  }

  public LabelRequirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = values.stream().distinct().sorted().toList();
  }

  /** Whether {@code labels} satisfy this requirement. */
  public boolean matches(Map<String, String> labels) {
    boolean has = labels.containsKey(key);
    String value = labels.get(key);
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
      case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
      case EXISTS -> has;
      case DOES_NOT_EXIST -> !has;
      case GREATER_THAN, LESS_THAN -> has && compares(value);
    };
  }

  private boolean compares(String labelValue) {
    if (values.size() != 1) {
      return false;
    }
    try {
      long actual = Long.parseLong(labelValue);
      long bound = Long.parseLong(values.get(0));
      return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The requirement in selector syntax, e.g. {@code app in (a,b)}, {@code !tier}, {@code env=prod}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) {
      b.append('!');
    }
    b.append(key);
    switch (operator) {
      case EXISTS, DOES_NOT_EXIST -> {
        return b.toString();
      }
      case EQUALS -> b.append('=');
      case DOUBLE_EQUALS -> b.append("==");
      case NOT_EQUALS -> b.append("!=");
      case IN -> b.append(" in (");
      case NOT_IN -> b.append(" notin (");
      case GREATER_THAN -> b.append('>');
      case LESS_THAN -> b.append('<');
    }
    b.append(String.join(",", values));
    if (operator == Operator.IN || operator == Operator.NOT_IN) {
      b.append(')');
    }
    return b.toString();
  }
}

package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' validation of policy/v1 PodDisruptionBudgets ({@code ValidatePodDisruptionBudgetSpec} and
 * {@code ValidatePodDisruptionBudgetStatusUpdate}) with its field paths and wording: minAvailable and maxUnavailable
 * exclude each other, each is a non-negative integer or a percentage of at most 100%, the selector is a valid
 * {@code metav1.LabelSelector}, unhealthyPodEvictionPolicy is IfHealthyBudget or AlwaysAllow; the status counts are
 * non-negative and its conditions are valid {@code metav1.Condition}s.
 */
final class PodDisruptionBudgetValidation {
  /** The unhealthyPodEvictionPolicy values, sorted as Kubernetes lists them. */
  static final List<String> UNHEALTHY_POD_EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

  private static final String PERCENT_FMT = "[0-9]+%";
  private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
  private static final String PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'";
  private static final String NON_NEGATIVE = "must be greater than or equal to 0";
  private static final List<String> CONDITION_STATUSES = List.of("False", "True", "Unknown");
  private static final String REASON_FMT = "[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?";
  private static final Pattern REASON = Pattern.compile(REASON_FMT);
  private static final String REASON_MSG = "a condition reason must start with alphabetic character, optionally followed by a string of "
      + "alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";

  private PodDisruptionBudgetValidation() {}

  /** The spec's errors, under {@code spec}. */
  static List<FieldError> spec(PodDisruptionBudgetSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (spec == null) {
      return errors;
    }
    if (spec.getMinAvailable() != null && spec.getMaxUnavailable() != null) {
      errors.add(FieldError.invalid("spec", goSpec(spec), "minAvailable and maxUnavailable cannot be both set"));
    }
    if (spec.getMinAvailable() != null) {
      errors.addAll(intOrPercent(spec.getMinAvailable(), "spec.minAvailable"));
    }
    if (spec.getMaxUnavailable() != null) {
      errors.addAll(intOrPercent(spec.getMaxUnavailable(), "spec.maxUnavailable"));
    }
    errors.addAll(selector(spec.getSelector(), "spec.selector"));
    String policy = spec.getUnhealthyPodEvictionPolicy();
    if (policy != null && !UNHEALTHY_POD_EVICTION_POLICIES.contains(policy)) {
      errors.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", policy, UNHEALTHY_POD_EVICTION_POLICIES));
    }
    return errors;
  }

  /**
   * apps validation's {@code ValidatePositiveIntOrPercent} and {@code IsNotMoreThan100Percent}: an integer must not be
   * negative, a string must be a percentage, and a percentage must not pass 100%.
   */
  static List<FieldError> intOrPercent(IntOrString value, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (value.getStrVal() != null) {
      String s = value.getStrVal();
      if (!PERCENT.matcher(s).matches()) {
        errors.add(FieldError.invalid(path, goIntOrString(value), NameRules.regexError(PERCENT_MSG, PERCENT_FMT, "1%", "93%")));
      } else if (percent(s) > 100) {
        errors.add(FieldError.invalid(path, goIntOrString(value), "must not be greater than 100%"));
      }
    } else if (value.getIntVal() != null && value.getIntVal() < 0) {
      errors.add(FieldError.invalid(path, (long) value.getIntVal(), NON_NEGATIVE));
    }
    return errors;
  }

  private static long percent(String s) {
    String digits = s.substring(0, s.length() - 1);
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  /** apimachinery's {@code ValidateLabelSelector}: label syntax of matchLabels, operators and values of matchExpressions. */
  static List<FieldError> selector(LabelSelector selector, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (selector == null) {
      return errors;
    }
    errors.addAll(ObjectMetaValidation.labels(selector.getMatchLabels(), path + ".matchLabels"));
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement r = expressions.get(i);
      String at = path + ".matchExpressions[" + i + "]";
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      String operator = r.getOperator() == null ? "" : r.getOperator();
      switch (operator) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errors.add(FieldError.required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errors.add(FieldError.forbidden(at + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default -> errors.add(FieldError.invalid(at + ".operator", operator, "not a valid selector operator"));
      }
      String key = r.getKey() == null ? "" : r.getKey();
      for (String msg : NameRules.qualifiedName(key)) {
        errors.add(FieldError.invalid(at + ".key", key, msg));
      }
      for (int v = 0; v < values.size(); v++) {
        String value = values.get(v) == null ? "" : values.get(v);
        for (String msg : NameRules.labelValue(value)) {
          errors.add(FieldError.invalid(at + ".values[" + v + "]", value, msg));
        }
      }
    }
    return errors;
  }

  /** The status's errors, under {@code status}: conditions, then the four non-negative counts. */
  static List<FieldError> status(PodDisruptionBudgetStatus status) {
    List<FieldError> errors = new ArrayList<>();
    if (status == null) {
      return errors;
    }
    errors.addAll(conditions(status.getConditions(), "status.conditions"));
    nonNegative(errors, status.getDisruptionsAllowed(), "status.disruptionsAllowed");
    nonNegative(errors, status.getCurrentHealthy(), "status.currentHealthy");
    nonNegative(errors, status.getDesiredHealthy(), "status.desiredHealthy");
    nonNegative(errors, status.getExpectedPods(), "status.expectedPods");
    return errors;
  }

  private static void nonNegative(List<FieldError> errors, Integer value, String path) {
    if (value != null && value < 0) {
      errors.add(FieldError.invalid(path, (long) value, NON_NEGATIVE));
    }
  }

  /** apimachinery's {@code ValidateConditions} for {@code metav1.Condition} lists. */
  static List<FieldError> conditions(List<Condition> conditions, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (conditions == null) {
      return errors;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < conditions.size(); i++) {
      Condition c = conditions.get(i);
      String at = path + "[" + i + "]";
      String type = c.getType() == null ? "" : c.getType();
      for (String msg : NameRules.qualifiedName(type)) {
        errors.add(FieldError.invalid(at + ".type", type, msg));
      }
      if (!seen.add(type)) {
        errors.add(FieldError.duplicate(at + ".type", type));
      }
      String status = c.getStatus() == null ? "" : c.getStatus();
      if (!CONDITION_STATUSES.contains(status)) {
        errors.add(FieldError.notSupported(at + ".status", status, CONDITION_STATUSES));
      }
      if (c.getObservedGeneration() != null && c.getObservedGeneration() < 0) {
        errors.add(FieldError.invalid(at + ".observedGeneration", c.getObservedGeneration(), "must be greater than or equal to zero"));
      }
      if (c.getLastTransitionTime() == null || c.getLastTransitionTime().isEmpty()) {
        errors.add(FieldError.required(at + ".lastTransitionTime", "must be set"));
      }
      String reason = c.getReason() == null ? "" : c.getReason();
      if (reason.isEmpty()) {
        errors.add(FieldError.required(at + ".reason", "must be set"));
      } else if (!REASON.matcher(reason).matches()) {
        errors.add(FieldError.invalid(at + ".reason", reason,
            NameRules.regexError(REASON_MSG, REASON_FMT, "my_name", "MY_NAME", "MyName", "ReasonA,ReasonB", "ReasonA:ReasonB")));
      }
    }
    return errors;
  }

  /** An IntOrString as Kubernetes prints it in an Invalid error (Go's {@code %#v}). */
  static GoValue goIntOrString(IntOrString v) {
    boolean string = v.getStrVal() != null;
    return new GoValue("intstr.IntOrString{Type:" + (string ? 1 : 0) + ", IntVal:" + (string ? 0 : v.getIntVal())
        + ", StrVal:" + GoValue.quote(string ? v.getStrVal() : "") + "}");
  }

  /**
   * The spec as Kubernetes prints it when both bounds are set: Go's {@code %#v} of the struct, whose pointer fields
   * Kubernetes shows as memory addresses; skiff shows {@code (nil)} or the pointed-to value's type with an elided address.
   */
  private static GoValue goSpec(PodDisruptionBudgetSpec spec) {
    return new GoValue("policy.PodDisruptionBudgetSpec{MinAvailable:" + pointer("intstr.IntOrString", spec.getMinAvailable())
        + ", Selector:" + pointer("v1.LabelSelector", spec.getSelector())
        + ", MaxUnavailable:" + pointer("intstr.IntOrString", spec.getMaxUnavailable())
        + ", UnhealthyPodEvictionPolicy:" + pointer("policy.UnhealthyPodEvictionPolicyType", spec.getUnhealthyPodEvictionPolicy()) + "}");
  }

  private static String pointer(String type, Object value) {
    return "(*" + type + ")(" + (value == null ? "nil" : "0x…") + ")";
  }
}

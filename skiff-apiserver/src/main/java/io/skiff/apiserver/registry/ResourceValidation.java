package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.skiff.common.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Container resource requests and limits ({@code validateResourceRequirements}): resource names, non-negative and
 * parseable quantities, requests not above limits, and equal requests and limits for resources that cannot be
 * overcommitted (hugepages, extended resources).
 */
final class ResourceValidation {

  private static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage");
  private static final String QUANTITY_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

  private ResourceValidation() {}

  static List<FieldError> container(ResourceRequirements r, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (r == null) {
      return errors;
    }
    Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : new TreeMap<>(r.getLimits());
    Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : new TreeMap<>(r.getRequests());
    boolean cpuOrMemory = false;
    boolean hugePages = false;
    for (Map.Entry<String, Quantity> e : limits.entrySet()) {
      String p = path + ".limits[" + e.getKey() + "]";
      errors.addAll(name(e.getKey(), p));
      errors.addAll(quantity(e.getKey(), e.getValue(), p));
      hugePages |= e.getKey().startsWith("hugepages-");
      cpuOrMemory |= e.getKey().equals("cpu") || e.getKey().equals("memory");
    }
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      String resource = e.getKey();
      String p = path + ".requests[" + resource + "]";
      errors.addAll(name(resource, p));
      errors.addAll(quantity(resource, e.getValue(), p));
      BigDecimal request = PodQos.amount(e.getValue());
      Quantity limitQuantity = limits.get(resource);
      if (limitQuantity != null) {
        BigDecimal limit = PodQos.amount(limitQuantity);
        if (request != null && limit != null) {
          if (request.compareTo(limit) != 0 && !overcommitAllowed(resource)) {
            errors.add(FieldError.invalid(path + ".requests", text(e.getValue()), "must be equal to " + resource + " limit of " + text(limitQuantity)));
          } else if (request.compareTo(limit) > 0) {
            errors.add(FieldError.invalid(path + ".requests", text(e.getValue()),
                "must be less than or equal to " + resource + " limit of " + text(limitQuantity)));
          }
        }
      } else if (!overcommitAllowed(resource)) {
        errors.add(FieldError.required(path + ".limits", "Limit must be set for non overcommitable resources"));
      }
      hugePages |= resource.startsWith("hugepages-");
      cpuOrMemory |= resource.equals("cpu") || resource.equals("memory");
    }
    if (hugePages && !cpuOrMemory) {
      errors.add(FieldError.forbidden(path, "HugePages require cpu or memory"));
    }
    return errors;
  }

  private static List<FieldError> name(String resource, String path) {
    List<FieldError> errors = new ArrayList<>();
    NameRules.qualifiedName(resource).forEach(m -> errors.add(FieldError.invalid(path, resource, m)));
    if (!resource.contains("/")) {
      if (!STANDARD.contains(resource) && !resource.startsWith("hugepages-")) {
        errors.add(FieldError.invalid(path, resource, "must be a standard resource for containers"));
      }
    } else if (!nativeResource(resource) && (resource.startsWith("requests.") || !NameRules.qualifiedName("requests." + resource).isEmpty())) {
      errors.add(FieldError.invalid(path, resource, "doesn't follow extended resource name standard"));
    }
    return errors;
  }

  private static List<FieldError> quantity(String resource, Quantity q, String path) {
    BigDecimal amount = PodQos.amount(q);
    if (amount == null) {
      return List.of(FieldError.invalid(path, text(q), "quantities must match the regular expression '" + QUANTITY_REGEX + "'"));
    }
    List<FieldError> errors = new ArrayList<>();
    if (amount.signum() < 0) {
      errors.add(FieldError.invalid(path, text(q), "must be greater than or equal to 0"));
    }
    if (!nativeResource(resource) && amount.stripTrailingZeros().scale() > 0) {
      errors.add(FieldError.invalid(path, text(q), "must be an integer"));
    }
    return errors;
  }

  /** Resources Kubernetes itself defines: unprefixed, or prefixed with a {@code kubernetes.io/} domain. */
  private static boolean nativeResource(String resource) {
    return !resource.contains("/") || resource.contains("kubernetes.io/");
  }

  private static boolean overcommitAllowed(String resource) {
    return nativeResource(resource) && !resource.startsWith("hugepages-");
  }

  private static String text(Quantity q) {
    if (q == null || q.getAmount() == null) {
      return "";
    }
    return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }
}

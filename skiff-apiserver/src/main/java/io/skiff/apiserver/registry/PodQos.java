package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality-of-service class of a Pod ({@code qos.ComputePodQOS}): {@code BestEffort} without any cpu or memory
 * request or limit, {@code Guaranteed} when every container limits both and requests equal limits, else
 * {@code Burstable}. Expects requests already defaulted from limits.
 */
final class PodQos {

  private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");

  private PodQos() {}

  static String of(Pod pod) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    List<Container> all = new ArrayList<>(PodDefaults.nonNull(pod.getSpec().getContainers()));
    all.addAll(PodDefaults.nonNull(pod.getSpec().getInitContainers()));
    for (Container c : all) {
      Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
      Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
      sumPositive(req, requests);
      int limitsFound = sumPositive(lim, limits);
      if (limitsFound < QOS_RESOURCES.size()) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
        BigDecimal limit = limits.get(e.getKey());
        if (limit == null || limit.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  /** Adds the positive cpu/memory quantities into {@code sums}; returns how many of the QoS resources were positive. */
  private static int sumPositive(Map<String, Quantity> resources, Map<String, BigDecimal> sums) {
    int found = 0;
    if (resources == null) {
      return 0;
    }
    for (String name : QOS_RESOURCES) {
      BigDecimal amount = amount(resources.get(name));
      if (amount != null && amount.signum() > 0) {
        found++;
        sums.merge(name, amount, BigDecimal::add);
      }
    }
    return found;
  }

  static BigDecimal amount(Quantity q) {
    if (q == null || q.getAmount() == null) {
      return null;
    }
    try {
      return q.getNumericalAmount();
    } catch (RuntimeException e) {
      return null;
    }
  }
}

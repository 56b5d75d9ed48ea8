package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node resources as the scheduler counts them: cpu in millicores, memory and ephemeral storage in
 * bytes, and every other resource (extended resources, hugepages) as an integer scalar. Values are rounded up, as
 * Kubernetes' {@code Quantity.MilliValue()} and {@code Value()} do.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalars) {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String PODS = "pods";

  public static final Resources NONE = new Resources(0, 0, 0, Map.of());

  public Resources {
    scalars = Map.copyOf(scalars);
  }

  /** The resources of a Kubernetes resource list ({@code requests}, {@code allocatable}); {@code pods} is not a resource here. */
  public static Resources of(Map<String, Quantity> list) {
    if (list == null || list.isEmpty()) {
      return NONE;
    }
    long cpu = 0;
    long memory = 0;
    long storage = 0;
    Map<String, Long> scalars = new TreeMap<>();
    for (Map.Entry<String, Quantity> e : list.entrySet()) {
      switch (e.getKey()) {
        case CPU -> cpu = milliValue(e.getValue());
        case MEMORY -> memory = value(e.getValue());
        case EPHEMERAL_STORAGE -> storage = value(e.getValue());
        case PODS -> { }
        default -> scalars.put(e.getKey(), value(e.getValue()));
      }
    }
    return new Resources(cpu, memory, storage, scalars);
  }

  /** The amount of one named resource; zero when absent. */
  public long get(String name) {
    return switch (name) {
      case CPU -> milliCpu;
      case MEMORY -> memory;
      case EPHEMERAL_STORAGE -> ephemeralStorage;
      default -> scalars.getOrDefault(name, 0L);
    };
  }

  /** True when nothing is requested. */
  public boolean isZero() {
    return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.values().stream().allMatch(v -> v == 0);
  }

  /** The element-wise sum. */
  public Resources plus(Resources other) {
    if (other.scalars.isEmpty()) {
      return new Resources(milliCpu + other.milliCpu, memory + other.memory, ephemeralStorage + other.ephemeralStorage, scalars);
    }
    Map<String, Long> sum = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return new Resources(milliCpu + other.milliCpu, memory + other.memory, ephemeralStorage + other.ephemeralStorage, sum);
  }

  /** The element-wise maximum. */
  public Resources max(Resources other) {
    if (other.scalars.isEmpty() && scalars.isEmpty()) {
      return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
          Math.max(ephemeralStorage, other.ephemeralStorage), Map.of());
    }
    Map<String, Long> max = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> max.merge(k, v, Math::max));
    return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
        Math.max(ephemeralStorage, other.ephemeralStorage), max);
  }

  /** This amount with one named resource replaced. */
  public Resources with(String name, long amount) {
    return switch (name) {
      case CPU -> new Resources(amount, memory, ephemeralStorage, scalars);
      case MEMORY -> new Resources(milliCpu, amount, ephemeralStorage, scalars);
      case EPHEMERAL_STORAGE -> new Resources(milliCpu, memory, amount, scalars);
      default -> {
        Map<String, Long> copy = new TreeMap<>(scalars);
        copy.put(name, amount);
        yield new Resources(milliCpu, memory, ephemeralStorage, copy);
      }
    };
  }

  /** A quantity in thousandths, rounded up (Kubernetes' {@code MilliValue}). */
  public static long milliValue(Quantity q) {
    return q.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** A quantity as an integer, rounded up (Kubernetes' {@code Value}). */
  public static long value(Quantity q) {
    return q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
  }
}

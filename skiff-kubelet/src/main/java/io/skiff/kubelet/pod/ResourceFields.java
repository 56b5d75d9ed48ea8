package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.node.NodeResources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The downward API's {@code resourceFieldRef} values: a container's requests and limits, limits falling back to the
 * node's allocatable amount when unset, divided by the divisor and rounded up as the kubelet does.
 */
public final class ResourceFields {
  private ResourceFields() {}

  public static String value(Container c, String resource, Quantity divisor, NodeResources allocatable) {
    Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
    Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
    BigDecimal div = divisor == null || divisor.getAmount() == null || divisor.getAmount().isEmpty()
        ? BigDecimal.ONE : Quantity.getAmountInBytes(divisor);
    return switch (resource) {
      case "limits.cpu" -> cpu(limits.containsKey("cpu") ? amount(limits.get("cpu")) : BigDecimal.valueOf(allocatable.cpuMillis()).movePointLeft(3), div);
      case "requests.cpu" -> cpu(requests.containsKey("cpu") ? amount(requests.get("cpu")) : BigDecimal.ZERO, div);
      case "limits.memory" -> bytes(limits.containsKey("memory") ? amount(limits.get("memory")) : BigDecimal.valueOf(allocatable.memoryBytes()), div);
      case "requests.memory" -> bytes(requests.containsKey("memory") ? amount(requests.get("memory")) : BigDecimal.ZERO, div);
      case "limits.ephemeral-storage" -> bytes(limits.containsKey("ephemeral-storage") ? amount(limits.get("ephemeral-storage"))
          : BigDecimal.valueOf(allocatable.ephemeralStorageBytes()), div);
      case "requests.ephemeral-storage" -> bytes(requests.containsKey("ephemeral-storage") ? amount(requests.get("ephemeral-storage")) : BigDecimal.ZERO, div);
      default -> throw new SkiffException.BadRequest("unsupported container resource : " + resource);
    };
  }

  private static BigDecimal amount(Quantity q) {
    return Quantity.getAmountInBytes(q);
  }

  /** Millicores first (as the kubelet rounds cpu to milli precision), then divided and rounded up. */
  private static String cpu(BigDecimal cores, BigDecimal divisor) {
    BigDecimal milli = cores.movePointRight(3).setScale(0, RoundingMode.CEILING);
    BigDecimal divMilli = divisor.movePointRight(3).setScale(0, RoundingMode.CEILING);
    if (divMilli.signum() == 0) {
      divMilli = BigDecimal.ONE;
    }
    return milli.divide(divMilli, 0, RoundingMode.CEILING).toPlainString();
  }

  private static String bytes(BigDecimal value, BigDecimal divisor) {
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }
}

package io.skiff.runtime.cni;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.common.SkiffException;
import java.util.Objects;

/**
 * A successful ADD: the final result of the pod network's plugin chain (kept for DEL and CHECK), the loopback's
 * result, the conflist it was made with, and the pod's IPv4 address.
 */
public record CniResult(JsonNode conflist, JsonNode result, JsonNode loopbackResult, String podIp) {
  public CniResult {
    Objects.requireNonNull(conflist, "conflist");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(loopbackResult, "loopbackResult");
    Objects.requireNonNull(podIp, "podIp");
  }

  /**
   * The IPv4 address (without prefix) of the interface the result puts in the sandbox (an {@code interfaces[]} entry
   * with a {@code sandbox}), else the first IPv4 address.
   */
  public static String podIp(JsonNode result) {
    JsonNode interfaces = result.path("interfaces");
    String first = null;
    for (JsonNode ip : result.path("ips")) {
      String address = ip.path("address").asText("");
      int slash = address.indexOf('/');
      String bare = slash >= 0 ? address.substring(0, slash) : address;
      if (bare.isEmpty() || bare.contains(":")) {
        continue;
      }
      if (first == null) {
        first = bare;
      }
      JsonNode idx = ip.get("interface");
      if (idx != null && idx.isInt() && !interfaces.path(idx.asInt()).path("sandbox").asText("").isEmpty()) {
        return bare;
      }
    }
    if (first == null) {
      throw new SkiffException.Internal("the CNI result has no IPv4 address: " + result, null);
    }
    return first;
  }
}

package io.skiff.kubelet.hostgw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import io.skiff.common.net.Ipv4Cidr;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.CommandResult;
import io.skiff.runtime.host.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RouteTable} through iproute2's {@code ip route}, every route tagged {@code proto 77} (a number no routing
 * daemon registers in {@code /etc/iproute2/rt_protos}), so {@code ip -json route show proto 77} finds exactly skiff's.
 * docs/decisions/0012 says why this is a program call rather than netlink from Java.
 */
public final class IpRouteTable implements RouteTable {
  /** The route protocol number that marks skiff's routes. */
  public static final int PROTO = 77;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProcessRunner runner;
  private final Duration timeout;

  public IpRouteTable(ProcessRunner runner, Duration timeout) {
    this.runner = runner;
    this.timeout = timeout;
  }

  @Override
  public List<NodeRoute> list() {
    CommandResult r = runner.runChecked(CommandLine.of(timeout, "ip", "-4", "-json", "route", "show", "proto", Integer.toString(PROTO)));
    return parse(r.stdoutText());
  }

  /** Parses {@code ip -json route show}: entries with a CIDR {@code dst} and a {@code gateway}; others are not node routes. */
  static List<NodeRoute> parse(String json) {
    List<NodeRoute> routes = new ArrayList<>();
    if (json.isBlank()) {
      return routes;
    }
    JsonNode list;
    try {
      list = JSON.readTree(json);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot parse `ip -json route` output: " + e.getMessage(), e);
    }
    for (JsonNode entry : list) {
      String dst = entry.path("dst").asText("");
      String gateway = entry.path("gateway").asText("");
      if (gateway.isEmpty() || dst.isEmpty() || "default".equals(dst)) {
        continue;
      }
      try {
        routes.add(new NodeRoute(Ipv4Cidr.parse(dst.contains("/") ? dst : dst + "/32"), gateway));
      } catch (IllegalArgumentException e) {
        // not one of ours in shape (IPv6 or a host route with host bits): leave it
      }
    }
    return routes;
  }

  @Override
  public void replace(NodeRoute route) {
    runner.runChecked(CommandLine.of(timeout, "ip", "-4", "route", "replace", route.destination().toString(), "via", route.gateway(),
        "proto", Integer.toString(PROTO)));
  }

  @Override
  public void delete(NodeRoute route) {
    CommandResult r = runner.run(CommandLine.of(timeout, "ip", "-4", "route", "del", route.destination().toString(), "via", route.gateway(),
        "proto", Integer.toString(PROTO)));
    if (!r.succeeded() && !r.stderr().contains("No such process")) {
      r.orThrow();
    }
  }
}

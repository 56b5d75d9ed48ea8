package io.skiff.runtime;

import java.util.List;
import java.util.Objects;

/** One extra /etc/hosts line: an IP and the names that resolve to it (a pod's {@code hostAliases[]}). */
public record HostAlias(String ip, List<String> hostnames) {
  public HostAlias {
    Objects.requireNonNull(ip, "ip");
    hostnames = List.copyOf(hostnames == null ? List.of() : hostnames);
    if (ip.isBlank() || hostnames.isEmpty()) {
      throw new IllegalArgumentException("a host alias needs an ip and at least one hostname");
    }
  }
}

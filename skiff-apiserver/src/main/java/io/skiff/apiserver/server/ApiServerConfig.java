package io.skiff.apiserver.server;

import java.util.Objects;
import java.util.Set;

/**
 * How the API server listens.
 *
 * @param bindAddress  the address to listen on, e.g. {@code 127.0.0.1}
 * @param port         the HTTPS port (0 picks a free one)
 * @param dnsNames     extra DNS names for the serving certificate (localhost and the host name are always in)
 * @param ipAddresses  extra IP addresses for the serving certificate (127.0.0.1 and the bind address are always in)
 */
public record ApiServerConfig(String bindAddress, int port, Set<String> dnsNames, Set<String> ipAddresses) {
  public ApiServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    dnsNames = Set.copyOf(dnsNames);
    ipAddresses = Set.copyOf(ipAddresses);
  }
}

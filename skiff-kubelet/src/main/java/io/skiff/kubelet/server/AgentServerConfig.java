package io.skiff.kubelet.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The agent's HTTPS API.
 *
 * @param bindAddress   where to listen, e.g. {@code 0.0.0.0}
 * @param port          the port (Kubernetes' kubelet uses 10250; 0 picks a free one)
 * @param clientCaPem   the CA whose client certificates are accepted (the API server's kubelet-client CA); required
 * @param certPem       the serving certificate (PEM, may hold the chain), or {@code null} for a self-signed one
 * @param keyPem        its private key (PEM), or {@code null} with {@code certPem}
 */
public record AgentServerConfig(String bindAddress, int port, Path clientCaPem, Path certPem, Path keyPem) {
  public static final int DEFAULT_PORT = 10250;

  public AgentServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(clientCaPem, "clientCaPem");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    if ((certPem == null) != (keyPem == null)) {
      throw new IllegalArgumentException("give both the serving certificate and its key, or neither");
    }
  }

  /** All addresses, the given port, a self-signed serving certificate. */
  public static AgentServerConfig of(int port, Path clientCaPem) {
    return new AgentServerConfig("0.0.0.0", port, clientCaPem, null, null);
  }
}

package io.skiff.apiserver.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes a kubeconfig that points at the API server with a client certificate. */
public final class Kubeconfig {
  private Kubeconfig() {}

  /** The YAML of a kubeconfig for {@code serverUrl} with the given CA and client credential. */
  public static String render(String serverUrl, String caPem, Pki.Credential client, String clusterName) {
    String ca = b64(caPem);
    String cert = b64(Pki.pem(client.certificate()));
    String key = b64(Pki.pem(client.key()));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        users:
        - name: %1$s-admin
          user:
            client-certificate-data: %4$s
            client-key-data: %5$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s-admin
            namespace: default
        current-context: %1$s
        preferences: {}
        """.formatted(clusterName, serverUrl, ca, cert, key);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}

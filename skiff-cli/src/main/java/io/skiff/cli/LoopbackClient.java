package io.skiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.skiff.apiserver.decode.GeneratedAnyGetters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fabric8 client through which a server's own components (the scheduler, the controllers, the local node) reach
 * that server: the admin kubeconfig, watches as streaming HTTP, and a Jackson mapper that reads and writes the model
 * through generated accessors instead of reflection. Those components decode every pod and node change in the same
 * process as the API server, so their decoding is part of the control plane's cost per pod.
 */
public final class LoopbackClient {
  private LoopbackClient() {}

  static KubernetesClient create(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    // skiff serves watches as streaming HTTP; fabric8's informers would otherwise try a WebSocket first.
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization()).build();
  }

  /**
   * fabric8's serialization over a mapper with Blackbird and {@link GeneratedAnyGetters}. They are registered after
   * fabric8's own modules on purpose: Jackson runs the last registered module's bean modifiers first, so Blackbird
   * replaces the reflective setters before fabric8 wraps them (registered before, it would find only the wrappers and
   * leave deserialization reflective).
   */
  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
    mapper.registerModule(new BlackbirdModule());
    mapper.registerModule(new GeneratedAnyGetters());
    return serialization;
  }
}

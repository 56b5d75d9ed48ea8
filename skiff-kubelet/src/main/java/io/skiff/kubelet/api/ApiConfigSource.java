package io.skiff.kubelet.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/** ConfigMaps and Secrets read from the API server when a container or volume needs them. */
public final class ApiConfigSource implements ConfigSource {
  private final KubernetesClient client;

  public ApiConfigSource(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Optional<ConfigMap> findConfigMap(String namespace, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Secret> findSecret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }
}

package io.skiff.kubelet.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Where a pod's ConfigMaps and Secrets come from (env, envFrom, volumes). */
public interface ConfigSource {
  Optional<ConfigMap> findConfigMap(String namespace, String name);

  Optional<Secret> findSecret(String namespace, String name);
}

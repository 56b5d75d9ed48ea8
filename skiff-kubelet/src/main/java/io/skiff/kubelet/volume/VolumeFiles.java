package io.skiff.kubelet.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.api.ConfigSource;
import io.skiff.kubelet.node.NodeResources;
import io.skiff.kubelet.pod.EnvResolver;
import io.skiff.kubelet.pod.FieldPaths;
import io.skiff.kubelet.pod.ResourceFields;
import io.skiff.kubelet.pod.SpecContainer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files of configMap, secret, downwardAPI and projected volumes, with Kubernetes' rules: every key (or only the
 * listed items, each to its path), {@code defaultMode} 0644 unless given, an item's own mode first; a missing
 * ConfigMap or Secret is an error unless the volume is optional, and so is a listed key that does not exist.
 */
final class VolumeFiles {
  static final int DEFAULT_MODE = 0644;

  private final ConfigSource source;
  private final NodeResources allocatable;

  VolumeFiles(ConfigSource source, NodeResources allocatable) {
    this.source = source;
    this.allocatable = allocatable;
  }

  List<FilePayload> configMap(Pod pod, String name, List<KeyToPath> items, Integer defaultMode, Boolean optional) {
    Optional<ConfigMap> cm = source.findConfigMap(pod.getMetadata().getNamespace(), name);
    if (cm.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return List.of();
      }
      throw new SkiffException.NotFound("configmap \"" + name + "\" not found");
    }
    return keyed(EnvResolver.configMapData(cm.get()), items, mode(defaultMode), optional, "configmap references non-existent config key: ");
  }

  List<FilePayload> secret(Pod pod, String name, List<KeyToPath> items, Integer defaultMode, Boolean optional) {
    Optional<Secret> s = source.findSecret(pod.getMetadata().getNamespace(), name);
    if (s.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return List.of();
      }
      throw new SkiffException.NotFound("secret \"" + name + "\" not found");
    }
    return keyed(EnvResolver.secretData(s.get()), items, mode(defaultMode), optional, "references non-existent secret key: ");
  }

  List<FilePayload> downwardApi(Pod pod, List<DownwardAPIVolumeFile> items, Integer defaultMode, String podIp, String hostIp) {
    List<FilePayload> out = new ArrayList<>();
    for (DownwardAPIVolumeFile f : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      String value;
      if (f.getFieldRef() != null) {
        value = FieldPaths.value(pod, f.getFieldRef().getFieldPath(), podIp, hostIp);
      } else if (f.getResourceFieldRef() != null) {
        var ref = f.getResourceFieldRef();
        var container = SpecContainer.find(pod, ref.getContainerName())
            .orElseThrow(() -> new SkiffException.BadRequest("container " + ref.getContainerName() + " not found in pod"));
        value = ResourceFields.value(container.spec(), ref.getResource(), ref.getDivisor(), allocatable);
      } else {
        continue;
      }
      out.add(new FilePayload(f.getPath(), value.getBytes(StandardCharsets.UTF_8), f.getMode() != null ? f.getMode() : mode(defaultMode)));
    }
    return out;
  }

  List<FilePayload> projected(Pod pod, List<VolumeProjection> sources, Integer defaultMode, String podIp, String hostIp) {
    List<FilePayload> out = new ArrayList<>();
    for (VolumeProjection p : sources == null ? List.<VolumeProjection>of() : sources) {
      if (p.getConfigMap() != null) {
        var cm = p.getConfigMap();
        out.addAll(configMap(pod, cm.getName(), cm.getItems(), defaultMode, cm.getOptional()));
      } else if (p.getSecret() != null) {
        var s = p.getSecret();
        out.addAll(secret(pod, s.getName(), s.getItems(), defaultMode, s.getOptional()));
      } else if (p.getDownwardAPI() != null) {
        out.addAll(downwardApi(pod, p.getDownwardAPI().getItems(), defaultMode, podIp, hostIp));
      } else if (p.getServiceAccountToken() != null) {
        throw new SkiffException.BadRequest("serviceAccountToken projections are not supported: skiff issues no service account tokens");
      } else if (p.getClusterTrustBundle() != null) {
        throw new SkiffException.BadRequest("clusterTrustBundle projections are not supported by skiff");
      }
    }
    return out;
  }

  private static List<FilePayload> keyed(Map<String, String> data, List<KeyToPath> items, int defaultMode, Boolean optional, String missingKey) {
    List<FilePayload> out = new ArrayList<>();
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
        out.add(new FilePayload(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8), defaultMode));
      }
      return out;
    }
    for (KeyToPath item : items) {
      String value = data.get(item.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(optional)) {
          continue;
        }
        throw new SkiffException.NotFound(missingKey + item.getKey());
      }
      out.add(new FilePayload(item.getPath(), value.getBytes(StandardCharsets.UTF_8), item.getMode() != null ? item.getMode() : defaultMode));
    }
    return out;
  }

  private static int mode(Integer defaultMode) {
    return defaultMode == null ? DEFAULT_MODE : defaultMode;
  }
}

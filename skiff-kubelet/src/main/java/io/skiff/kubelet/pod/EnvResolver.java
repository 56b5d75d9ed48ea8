package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.api.ConfigSource;
import io.skiff.kubelet.node.NodeResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's environment as the kubelet's {@code makeEnvironmentVariables} builds it: {@code envFrom} sources in
 * order (with their prefixes), then {@code env} in order, each plain value {@code $(VAR)}-expanded against the variables
 * defined before it; {@code valueFrom} reads ConfigMap and Secret keys, pod fields and resource fields. A missing
 * ConfigMap, Secret or key that is not optional is a {@link SkiffException.NotFound} whose message becomes the
 * container's {@code CreateContainerConfigError}.
 */
public final class EnvResolver {
  private final ConfigSource source;

  /** Where values come from besides the pod: its IP once the sandbox has one, the node's IP and allocatable resources. */
  public record Context(Pod pod, String podIp, String hostIp, NodeResources allocatable) {
    public Context {
      Objects.requireNonNull(pod, "pod");
      podIp = podIp == null ? "" : podIp;
      hostIp = hostIp == null ? "" : hostIp;
      Objects.requireNonNull(allocatable, "allocatable");
    }
  }

  /**
   * The outcome: the variables in definition order, and the names skipped from {@code envFrom} sources because they are
   * not valid variable names (reported as an {@code InvalidEnvironmentVariableNames} event).
   */
  public record Resolved(Map<String, String> vars, List<String> warnings) {
    public Resolved {
      vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
      warnings = List.copyOf(warnings);
    }
  }

  public EnvResolver(ConfigSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  public Resolved resolve(Container c, Context ctx) {
    String ns = ctx.pod().getMetadata().getNamespace();
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (EnvFromSource from : nonNull(c.getEnvFrom())) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      List<String> invalid = new ArrayList<>();
      Map<String, String> data;
      String kind;
      String name;
      if (from.getConfigMapRef() != null) {
        kind = "configMap";
        name = from.getConfigMapRef().getName();
        Optional<ConfigMap> cm = source.findConfigMap(ns, name);
        if (cm.isEmpty()) {
          if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
            continue;
          }
          throw new SkiffException.NotFound("configmap \"" + name + "\" not found");
        }
        data = configMapData(cm.get());
      } else if (from.getSecretRef() != null) {
        kind = "secret";
        name = from.getSecretRef().getName();
        Optional<Secret> s = source.findSecret(ns, name);
        if (s.isEmpty()) {
          if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
            continue;
          }
          throw new SkiffException.NotFound("secret \"" + name + "\" not found");
        }
        data = secretData(s.get());
      } else {
        continue;
      }
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(data).entrySet()) {
        String key = prefix + e.getKey();
        if (!validName(key)) {
          invalid.add(key);
          continue;
        }
        vars.put(key, e.getValue());
      }
      if (!invalid.isEmpty()) {
        warnings.add("Keys [" + String.join(", ", invalid) + "] from the EnvFrom " + kind + " " + ns + "/" + name
            + " were skipped since they are considered invalid environment variable names.");
      }
    }
    for (EnvVar v : nonNull(c.getEnv())) {
      EnvVarSource from = v.getValueFrom();
      if (from == null) {
        vars.put(v.getName(), VariableExpansion.expand(v.getValue() == null ? "" : v.getValue(), vars));
        continue;
      }
      Optional<String> value = valueFrom(c, from, ctx);
      value.ifPresent(val -> vars.put(v.getName(), val));
    }
    return new Resolved(vars, warnings);
  }

  private Optional<String> valueFrom(Container c, EnvVarSource from, Context ctx) {
    String ns = ctx.pod().getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      return Optional.of(FieldPaths.value(ctx.pod(), from.getFieldRef().getFieldPath(), ctx.podIp(), ctx.hostIp()));
    }
    if (from.getResourceFieldRef() != null) {
      var ref = from.getResourceFieldRef();
      Container target = c;
      if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
        target = SpecContainer.find(ctx.pod(), ref.getContainerName()).map(SpecContainer::spec)
            .orElseThrow(() -> new SkiffException.BadRequest("container " + ref.getContainerName() + " not found in pod"));
      }
      return Optional.of(ResourceFields.value(target, ref.getResource(), ref.getDivisor(), ctx.allocatable()));
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMapKeySelector ref = from.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<ConfigMap> cm = source.findConfigMap(ns, ref.getName());
      if (cm.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new SkiffException.NotFound("configmap \"" + ref.getName() + "\" not found");
      }
      String value = configMapData(cm.get()).get(ref.getKey());
      if (value == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new SkiffException.NotFound("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return Optional.of(value);
    }
    if (from.getSecretKeyRef() != null) {
      SecretKeySelector ref = from.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Secret> s = source.findSecret(ns, ref.getName());
      if (s.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new SkiffException.NotFound("secret \"" + ref.getName() + "\" not found");
      }
      String value = secretData(s.get()).get(ref.getKey());
      if (value == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new SkiffException.NotFound("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return Optional.of(value);
    }
    return Optional.empty();
  }

  /** A ConfigMap's data and binary data (as text). */
  public static Map<String, String> configMapData(ConfigMap cm) {
    Map<String, String> out = new LinkedHashMap<>();
    if (cm.getData() != null) {
      out.putAll(cm.getData());
    }
    if (cm.getBinaryData() != null) {
      cm.getBinaryData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** A Secret's data, decoded, and any stringData. */
  public static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v == null ? "" : v), StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }

  /** Kubernetes 1.33 accepts any printable ASCII but '=' in env names (RelaxedEnvironmentVariableValidation). */
  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (char ch : name.toCharArray()) {
      if (ch < 32 || ch > 126 || ch == '=') {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}

package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.common.SkiffException;
import io.skiff.images.auth.DockerConfigSecrets;
import io.skiff.images.auth.PullCredentials;
import io.skiff.kubelet.api.ConfigSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's {@code imagePullSecrets} read into credentials ({@code kubernetes.io/dockerconfigjson} and the older
 * {@code kubernetes.io/dockercfg}); the names that could not be read are reported, as the kubelet's
 * {@code FailedToRetrieveImagePullSecret} event does.
 */
public final class PullSecrets {
  private PullSecrets() {}

  /** The credentials, and the secrets that were missing or unreadable. */
  public record Read(PullCredentials credentials, List<String> missing) {
    public Read {
      missing = List.copyOf(missing);
    }
  }

  public static Read read(Pod pod, ConfigSource source) {
    List<LocalObjectReference> refs = pod.getSpec().getImagePullSecrets() == null ? List.of() : pod.getSpec().getImagePullSecrets();
    PullCredentials all = PullCredentials.NONE;
    List<String> missing = new ArrayList<>();
    String ns = pod.getMetadata().getNamespace();
    for (LocalObjectReference ref : refs) {
      Optional<Secret> s = source.findSecret(ns, ref.getName());
      if (s.isEmpty()) {
        missing.add(ref.getName());
        continue;
      }
      Map<String, String> data = io.skiff.kubelet.pod.EnvResolver.secretData(s.get());
      try {
        if (data.containsKey(".dockerconfigjson")) {
          all = all.plus(DockerConfigSecrets.parse(data.get(".dockerconfigjson").getBytes(StandardCharsets.UTF_8),
              DockerConfigSecrets.Format.DOCKER_CONFIG_JSON, "secret " + ns + "/" + ref.getName()));
        } else if (data.containsKey(".dockercfg")) {
          all = all.plus(DockerConfigSecrets.parse(data.get(".dockercfg").getBytes(StandardCharsets.UTF_8),
              DockerConfigSecrets.Format.DOCKERCFG, "secret " + ns + "/" + ref.getName()));
        } else {
          missing.add(ref.getName());
        }
      } catch (SkiffException e) {
        missing.add(ref.getName());
      }
    }
    return new Read(all, missing);
  }
}

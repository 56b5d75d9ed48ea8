package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.api.ConfigSource;
import io.skiff.kubelet.node.NodeResources;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {
  private final Map<String, ConfigMap> configMaps = new HashMap<>();
  private final Map<String, Secret> secrets = new HashMap<>();
  private final EnvResolver resolver = new EnvResolver(new ConfigSource() {
    @Override
    public Optional<ConfigMap> findConfigMap(String namespace, String name) {
      return Optional.ofNullable(configMaps.get(namespace + "/" + name));
    }

    @Override
    public Optional<Secret> findSecret(String namespace, String name) {
      return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }
  });
  private static final NodeResources NODE = new NodeResources(4000, 8L << 30, 100L << 30);

  private Map<String, String> resolve(ContainerBuilder c) {
    Container container = c.withName("app").withImage("centos:7").build();
    Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u-1").addToLabels("tier", "front").endMetadata()
        .withNewSpec().withNodeName("node-a").withServiceAccountName("default").withContainers(container).endSpec().build();
    return resolver.resolve(container, new EnvResolver.Context(pod, "10.88.0.5", "192.168.1.5", NODE)).vars();
  }

  @Test
  void plainValuesExpandAgainstEarlierVariablesOnly() {
    assertThat(resolve(new ContainerBuilder()
        .addNewEnv().withName("LATER_REF").withValue("$(FIRST)").endEnv()
        .addNewEnv().withName("FIRST").withValue("one").endEnv()
        .addNewEnv().withName("SECOND").withValue("$(FIRST)-two").endEnv()))
        .containsExactly(Map.entry("LATER_REF", "$(FIRST)"), Map.entry("FIRST", "one"), Map.entry("SECOND", "one-two"));
  }

  @Test
  void fieldRefsReadThePodAndTheNode() {
    assertThat(resolve(new ContainerBuilder()
        .addNewEnv().withName("NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("UID").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.uid").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("TIER").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['tier']").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("HOST_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP").endFieldRef().endValueFrom().endEnv()))
        .containsExactly(Map.entry("NAME", "web"), Map.entry("NS", "shop"), Map.entry("UID", "u-1"), Map.entry("TIER", "front"),
            Map.entry("NODE", "node-a"), Map.entry("POD_IP", "10.88.0.5"), Map.entry("HOST_IP", "192.168.1.5"));
  }

  @Test
  void resourceFieldRefsUseLimitsOrTheNodesAllocatableDividedAndRoundedUp() {
    assertThat(resolve(new ContainerBuilder()
        .withNewResources().addToLimits("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("100Mi")).endResources()
        .addNewEnv().withName("CPU").withNewValueFrom().withNewResourceFieldRef().withResource("limits.cpu").endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("CPU_M").withNewValueFrom().withNewResourceFieldRef().withResource("limits.cpu").withDivisor(new Quantity("1m"))
        .endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("MEM_LIMIT").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory").withDivisor(new Quantity("1Gi"))
        .endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("MEM_REQ").withNewValueFrom().withNewResourceFieldRef().withResource("requests.memory").withDivisor(new Quantity("1Mi"))
        .endResourceFieldRef().endValueFrom().endEnv()))
        .containsExactly(Map.entry("CPU", "1"), Map.entry("CPU_M", "250"), Map.entry("MEM_LIMIT", "8"), Map.entry("MEM_REQ", "100"));
  }

  @Test
  void configMapAndSecretKeysAndEnvFromWithPrefixes() {
    configMaps.put("shop/cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData(Map.of("b", "2", "a", "1")).build());
    secrets.put("shop/sec", new SecretBuilder().withNewMetadata().withName("sec").endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8))).build());
    assertThat(resolve(new ContainerBuilder()
        .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("cfg").endConfigMapRef().endEnvFrom()
        .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("sec").withKey("password").endSecretKeyRef()
        .endValueFrom().endEnv()
        .addNewEnv().withName("CFG_a").withValue("overridden $(CFG_a)").endEnv()))
        .containsExactly(Map.entry("CFG_a", "overridden 1"), Map.entry("CFG_b", "2"), Map.entry("PASSWORD", "hunter2"));
  }

  @Test
  void missingConfigMapsSecretsAndKeysAreConfigErrorsUnlessOptional() {
    configMaps.put("shop/cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData("a", "1").build());
    assertThatThrownBy(() -> resolve(new ContainerBuilder().addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("nope")
        .withKey("a").endConfigMapKeyRef().endValueFrom().endEnv())).isInstanceOf(SkiffException.NotFound.class)
        .hasMessage("configmap \"nope\" not found");
    assertThatThrownBy(() -> resolve(new ContainerBuilder().addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("cfg")
        .withKey("zz").endConfigMapKeyRef().endValueFrom().endEnv())).hasMessage("couldn't find key zz in ConfigMap shop/cfg");
    assertThatThrownBy(() -> resolve(new ContainerBuilder().addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef().withName("s")
        .withKey("k").endSecretKeyRef().endValueFrom().endEnv())).hasMessage("secret \"s\" not found");
    assertThatThrownBy(() -> resolve(new ContainerBuilder().addNewEnvFrom().withNewSecretRef().withName("s").endSecretRef().endEnvFrom()))
        .hasMessage("secret \"s\" not found");
    assertThat(resolve(new ContainerBuilder()
        .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("cfg").withKey("zz").withOptional(true)
        .endConfigMapKeyRef().endValueFrom().endEnv()
        .addNewEnvFrom().withNewSecretRef().withName("s").withOptional(true).endSecretRef().endEnvFrom())).isEmpty();
  }

  @Test
  void envFromKeysThatAreNotVariableNamesAreSkippedWithAWarning() {
    configMaps.put("shop/cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData(Map.of("ok", "1", "a=b", "2")).build());
    Container c = new ContainerBuilder().withName("app").withImage("x").addNewEnvFrom().withNewConfigMapRef().withName("cfg").endConfigMapRef()
        .endEnvFrom().build();
    Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u").endMetadata().withNewSpec()
        .withContainers(c).endSpec().build();
    EnvResolver.Resolved r = resolver.resolve(c, new EnvResolver.Context(pod, "", "", NODE));
    assertThat(r.vars()).containsOnlyKeys("ok");
    assertThat(r.warnings()).containsExactly(
        "Keys [a=b] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.");
  }
}

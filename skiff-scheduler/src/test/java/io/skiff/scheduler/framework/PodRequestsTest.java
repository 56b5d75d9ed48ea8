package io.skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodRequestsTest {

  record Case(String name, List<Container> init, List<Container> app, Map<String, String> overhead,
              Map<String, String> podLevel, long milliCpu, long memory) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Container c(String name, String cpu, String memory) {
    return c(name, cpu, memory, null);
  }

  static Container c(String name, String cpu, String memory, String restartPolicy) {
    ContainerBuilder b = new ContainerBuilder().withName(name).withImage("busybox").withRestartPolicy(restartPolicy);
    var r = b.withNewResources();
    if (cpu != null) {
      r.addToRequests("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      r.addToRequests("memory", new Quantity(memory));
    }
    return r.endResources().build();
  }

  static Stream<Case> requests() {
    return Stream.of(
        new Case("no requests at all", List.of(), List.of(c("a", null, null)), Map.of(), Map.of(), 0, 0),
        new Case("app containers add up", List.of(), List.of(c("a", "100m", "64Mi"), c("b", "250m", "128Mi")), Map.of(), Map.of(),
            350, 192L << 20),
        new Case("Kubernetes' example: init max 2 cpu/3G vs app sum 3 cpu/2G", List.of(c("i1", "2", "1G"), c("i2", "2", "3G")),
            List.of(c("c1", "2", "1G"), c("c2", "1", "1G")), Map.of(), Map.of(), 3000, 3_000_000_000L),
        new Case("a big init container dominates", List.of(c("i", "4", "8Gi")), List.of(c("a", "1", "1Gi")), Map.of(), Map.of(),
            4000, 8L << 30),
        new Case("init containers take the max, not the sum", List.of(c("i1", "1", "1Gi"), c("i2", "1", "1Gi")),
            List.of(c("a", "500m", "512Mi")), Map.of(), Map.of(), 1000, 1L << 30),
        new Case("a sidecar adds to the app containers and to later init containers",
            List.of(c("side", "500m", "256Mi", "Always"), c("i", "1", "1Gi")), List.of(c("a", "200m", "128Mi")), Map.of(), Map.of(),
            1500, (1L << 30) + (256L << 20)),
        new Case("a sidecar after an init container does not add to it",
            List.of(c("i", "1", "1Gi"), c("side", "500m", "256Mi", "Always")), List.of(c("a", "200m", "128Mi")), Map.of(), Map.of(),
            1000, 1L << 30),
        new Case("overhead is added", List.of(), List.of(c("a", "100m", "100Mi")), Map.of("cpu", "250m", "memory", "120Mi"), Map.of(),
            350, 220L << 20),
        new Case("pod-level requests replace the container sum", List.of(), List.of(c("a", "100m", "100Mi")), Map.of(),
            Map.of("cpu", "2", "memory", "1Gi"), 2000, 1L << 30),
        new Case("fractional cpu is rounded up to a millicore", List.of(), List.of(c("a", "0.0001", "1")), Map.of(), Map.of(), 1, 1),
        new Case("decimal memory suffixes", List.of(), List.of(c("a", "1", "1.5G")), Map.of(), Map.of(), 1000, 1_500_000_000L));
  }

  @ParameterizedTest
  @MethodSource
  void requests(Case c) {
    Resources r = PodRequests.of(pod(c));
    assertThat(r.milliCpu()).as("cpu").isEqualTo(c.milliCpu());
    assertThat(r.memory()).as("memory").isEqualTo(c.memory());
  }

  @Test
  void nonZeroRequestsDefaultMissingCpuAndMemoryPerContainer() {
    Pod pod = pod(new Case("", List.of(), List.of(c("a", null, null), c("b", "300m", null), c("c", "0", "0")), Map.of(), Map.of(), 0, 0));
    Resources r = PodRequests.nonZeroOf(pod);
    assertThat(r.milliCpu()).isEqualTo(100 + 300);
    assertThat(r.memory()).isEqualTo(2 * PodRequests.DEFAULT_MEMORY);
    assertThat(PodRequests.of(pod).milliCpu()).isEqualTo(300);
  }

  @Test
  void extendedResourcesAreCountedAsScalars() {
    Container gpu = new ContainerBuilder().withName("a").withNewResources()
        .addToRequests("example.com/gpu", new Quantity("2")).addToRequests("ephemeral-storage", new Quantity("1Gi")).endResources().build();
    Resources r = PodRequests.of(pod(new Case("", List.of(), List.of(gpu), Map.of(), Map.of(), 0, 0)));
    assertThat(r.get("example.com/gpu")).isEqualTo(2);
    assertThat(r.ephemeralStorage()).isEqualTo(1L << 30);
  }

  private static Pod pod(Case c) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
        .withNewSpec().withInitContainers(c.init()).withContainers(c.app()).endSpec();
    if (!c.overhead().isEmpty()) {
      b.editSpec().withOverhead(quantities(c.overhead())).endSpec();
    }
    if (!c.podLevel().isEmpty()) {
      b.editSpec().withNewResources().withRequests(quantities(c.podLevel())).endResources().endSpec();
    }
    return b.build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> m) {
    java.util.Map<String, Quantity> q = new java.util.HashMap<>();
    m.forEach((k, v) -> q.put(k, new Quantity(v)));
    return q;
  }
}

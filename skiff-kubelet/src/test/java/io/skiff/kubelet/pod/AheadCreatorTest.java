package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class AheadCreatorTest {
  private static List<String> next(Pod pod, String started) {
    return AheadCreator.next(pod, SpecContainer.find(pod, started).orElseThrow()).stream().map(SpecContainer::name).toList();
  }

  @Test
  void afterAnInitContainerComesTheNextInitContainerOnly() {
    Pod pod = TestPods.pod("Always", List.of("i1", "i2", "i3"), List.of("a", "b"));
    assertThat(next(pod, "i1")).containsExactly("i2");
    assertThat(next(pod, "i2")).containsExactly("i3");
  }

  @Test
  void afterTheLastInitContainerComeTheAppContainers() {
    Pod pod = TestPods.pod("Always", List.of("i1", "i2"), List.of("a", "b"));
    assertThat(next(pod, "i2")).containsExactly("a", "b");
  }

  @Test
  void nothingIsCreatedAheadAfterASidecarOrAnAppContainer() {
    Pod pod = TestPods.pod("Always", List.of("sc:side", "i1"), List.of("a"));
    assertThat(next(pod, "side")).isEmpty();
    assertThat(next(pod, "a")).isEmpty();
  }
}

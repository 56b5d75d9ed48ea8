package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.skiff.common.SkiffException;
import org.junit.jupiter.api.Test;

/** The Priority admission plugin's part of pod creation and update, with user-defined classes. */
class PodPriorityAdmissionTest {

  private static Pod pod(String className) {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec().withPriorityClassName(className).addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
        .build();
  }

  private static PriorityClass never(String name, int value) {
    return new PriorityClassBuilder(PriorityClassStrategyTest.pc(name, value, false)).withPreemptionPolicy("Never").build();
  }

  @Test
  void aNamedClassGivesItsValueAndPreemptionPolicy() {
    PodStrategy strategy = new PodStrategy(PriorityClassStrategyTest.classes(never("batch", 50)));
    Pod pod = pod("batch");

    strategy.prepareForCreate(pod);

    assertThat(pod.getSpec().getPriority()).isEqualTo(50);
    assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("batch");
  }

  @Test
  void aPodWithoutClassGetsTheGlobalDefaultClassAndItsName() {
    PriorityClass standard = new PriorityClassBuilder(PriorityClassStrategyTest.pc("standard", 100, true))
        .withPreemptionPolicy("PreemptLowerPriority").build();
    PodStrategy strategy = new PodStrategy(PriorityClassStrategyTest.classes(standard));
    Pod pod = pod(null);

    strategy.prepareForCreate(pod);

    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("standard");
    assertThat(pod.getSpec().getPriority()).isEqualTo(100);
    assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
  }

  @Test
  void withoutADefaultClassThePriorityIsZeroAndNoClassIsNamed() {
    Pod pod = pod(null);

    new PodStrategy(PriorityClassStrategyTest.classes()).prepareForCreate(pod);

    assertThat(pod.getSpec().getPriorityClassName()).isNull();
    assertThat(pod.getSpec().getPriority()).isZero();
    assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
  }

  @Test
  void aPreemptionPolicyThatContradictsTheClassIsForbidden() {
    PodStrategy strategy = new PodStrategy(PriorityClassStrategyTest.classes(never("batch", 50)));
    Pod pod = pod("batch");
    pod.getSpec().setPreemptionPolicy("PreemptLowerPriority");

    assertThatThrownBy(() -> strategy.prepareForCreate(pod)).isInstanceOf(SkiffException.Forbidden.class)
        .hasMessage("pods \"web\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod "
            + "spec; priority admission controller computed Never from the given PriorityClass name");
  }

  @Test
  void anUpdateKeepsThePriorityTheStoredPodHas() {
    PodStrategy strategy = new PodStrategy(PriorityClassStrategyTest.classes(never("batch", 50)));
    Pod old = pod("batch");
    strategy.prepareForCreate(old);
    Pod update = new PodBuilder(old).editSpec().withPriority(null).withPreemptionPolicy(null).endSpec().build();

    strategy.prepareForUpdate(update, old);

    assertThat(update.getSpec().getPriority()).isEqualTo(50);
    assertThat(update.getSpec().getPreemptionPolicy()).isEqualTo("Never");
  }
}

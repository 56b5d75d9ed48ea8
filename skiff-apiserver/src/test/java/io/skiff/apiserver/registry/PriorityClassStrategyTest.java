package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriorityClassStrategyTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** A fixed set of classes for the admission checks. */
  static PriorityClasses classes(PriorityClass... extra) {
    List<PriorityClass> all = new ArrayList<>(SystemPriorityClasses.objects());
    all.addAll(List.of(extra));
    return new PriorityClasses() {
      @Override
      public Optional<PriorityClass> find(String name) {
        return all.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
      }

      @Override
      public List<PriorityClass> list() {
        return all;
      }
    };
  }

  static PriorityClass pc(String name, int value, boolean globalDefault) {
    return new PriorityClassBuilder().withNewMetadata().withName(name).withCreationTimestamp("2025-06-01T11:50:00Z").endMetadata()
        .withValue(value).withGlobalDefault(globalDefault).build();
  }

  private static List<String> errors(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).toList();
  }

  private final PriorityClassStrategy strategy = new PriorityClassStrategy(classes());

  @Test
  void preemptionPolicyDefaultsToPreemptLowerPriorityAndTheRowReadsAsKubectlPrintsIt() {
    PriorityClass high = pc("high", 1000, false);
    strategy.prepareForCreate(high);

    assertThat(high.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    assertThat(strategy.validate(high)).isEmpty();
    assertThat(ResourceStrategiesTest.headers(strategy.columns()))
        .containsExactly("NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY");
    assertThat(strategy.cells(high, NOW)).containsExactly("high", 1000, false, "10m", "PreemptLowerPriority");
  }

  @Test
  void userClassesAreLimitedToOneBillion() {
    PriorityClass ok = pc("ok", 1_000_000_000, false);
    PriorityClass tooHigh = pc("too-high", 1_000_000_001, false);
    strategy.prepareForCreate(ok);
    strategy.prepareForCreate(tooHigh);

    assertThat(strategy.validate(ok)).isEmpty();
    assertThat(errors(strategy.validate(tooHigh)))
        .containsExactly("value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
  }

  @Test
  void theSystemPrefixIsReservedForTheSystemClassesWithTheirValues() {
    PriorityClass mine = pc("system-mine", 10, false);
    PriorityClass wrongValue = pc("system-node-critical", 10, false);
    PriorityClass asKubernetesHasIt = pc("system-cluster-critical", 2_000_000_000, false);

    assertThat(errors(strategy.validate(mine))).containsExactly("metadata.name: Forbidden: priority class names with 'system-' prefix "
        + "are reserved for system use only. error: system-mine is not a known system priority class");
    assertThat(errors(strategy.validate(wrongValue))).containsExactly("metadata.name: Forbidden: priority class names with 'system-' "
        + "prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000");
    assertThat(strategy.validate(asKubernetesHasIt)).isEmpty();
  }

  @Test
  void valueAndPreemptionPolicyCannotChange() {
    PriorityClass old = pc("high", 1000, false);
    strategy.prepareForCreate(old);
    PriorityClass changed = new PriorityClassBuilder(old).withValue(2000).withPreemptionPolicy("Never").withDescription("d").build();

    assertThat(errors(strategy.validateUpdate(changed, old))).containsExactly(
        "value: Forbidden: may not be changed in an update.", "preemptionPolicy: Invalid value: \"Never\": field is immutable");
    PriorityClass described = new PriorityClassBuilder(old).withDescription("only the description").build();
    assertThat(strategy.validateUpdate(described, old)).isEmpty();
  }

  @Test
  void anUnknownPreemptionPolicyIsNotSupported() {
    PriorityClass odd = new PriorityClassBuilder(pc("odd", 1, false)).withPreemptionPolicy("Sometimes").build();

    assertThat(errors(strategy.validate(odd)))
        .containsExactly("preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"Never\", \"PreemptLowerPriority\"");
  }

  @Test
  void onlyOneClassMayBeTheGlobalDefault() {
    PriorityClass first = pc("first", 10, true);
    PriorityClassStrategy withDefault = new PriorityClassStrategy(classes(first));
    PriorityClass second = pc("second", 20, true);

    assertThatThrownBy(() -> withDefault.validate(second)).isInstanceOf(SkiffException.Forbidden.class).hasMessage(
        "priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass first is already marked as default. Only one default can exist");
    PriorityClass firstAgain = new PriorityClassBuilder(first).withDescription("still the default").build();
    assertThat(withDefault.validateUpdate(firstAgain, first)).isEmpty();
  }

  @Test
  void systemClassesCannotBeDeleted() {
    assertThatThrownBy(() -> strategy.checkDelete(SystemPriorityClasses.objects().get(0))).isInstanceOf(SkiffException.Forbidden.class)
        .hasMessage("priorityclasses.scheduling.k8s.io \"system-node-critical\" is forbidden: this is a system priority class and cannot be deleted");
    strategy.checkDelete(pc("mine", 1, false));
  }
}

package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrategiesTest {

  static Stream<ResourceType> types() {
    return ResourceTypes.ALL.stream();
  }

  @SuppressWarnings("unchecked")
  static ResourceStrategy<HasMetadata> strategy(ResourceType type) {
    return (ResourceStrategy<HasMetadata>) Strategies.forType(type);
  }

  static HasMetadata emptyObject(ResourceType type) throws ReflectiveOperationException {
    HasMetadata object = type.modelClass().getDeclaredConstructor().newInstance();
    ObjectMeta meta = new ObjectMeta();
    meta.setName("x");
    if (type.namespaced()) {
      meta.setNamespace("default");
    }
    object.setMetadata(meta);
    return object;
  }

  @ParameterizedTest
  @MethodSource("types")
  void everyServedTypeHasAStrategyForItsModelClass(ResourceType type) throws ReflectiveOperationException {
    ResourceStrategy<HasMetadata> strategy = strategy(type);
    HasMetadata object = emptyObject(type);

    assertThat(strategy.cells(object, Instant.EPOCH)).hasSameSizeAs(strategy.columns());
    assertThat(strategy.selectableFields(object)).containsEntry("metadata.name", "x");
    if (type.namespaced()) {
      assertThat(strategy.selectableFields(object)).containsEntry("metadata.namespace", "default");
    }
  }

  @ParameterizedTest
  @MethodSource("types")
  void fieldLabelsAreTheSelectableFieldKeys(ResourceType type) throws ReflectiveOperationException {
    assertThat(Strategies.fieldLabels(type)).isEqualTo(strategy(type).selectableFields(emptyObject(type)).keySet());
  }

  @org.junit.jupiter.api.Test
  void podFieldLabelsAreKubernetesPodFieldLabels() {
    assertThat(Strategies.fieldLabels(ResourceTypes.PODS)).containsExactlyInAnyOrder("metadata.name", "metadata.namespace", "spec.nodeName",
        "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
        "status.nominatedNodeName");
    assertThat(Strategies.fieldLabels(ResourceTypes.SECRETS)).containsExactlyInAnyOrder("metadata.name", "metadata.namespace", "type");
    assertThat(Strategies.fieldLabels(ResourceTypes.NODES)).containsExactlyInAnyOrder("metadata.name", "spec.unschedulable");
    assertThat(Strategies.fieldLabels(ResourceTypes.NAMESPACES)).containsExactlyInAnyOrder("metadata.name", "status.phase", "name");
  }

  @ParameterizedTest
  @MethodSource("types")
  void nameColumnUsesTheNameFormat(ResourceType type) {
    assertThat(strategy(type).columns()).filteredOn(c -> c.name().equals("Name")).extracting(Column::format).containsExactly("name");
  }

  @ParameterizedTest
  @MethodSource("types")
  void anObjectWithoutNameIsInvalid(ResourceType type) throws ReflectiveOperationException {
    HasMetadata object = emptyObject(type);
    object.getMetadata().setName(null);
    assertThat(strategy(type).validate(object)).extracting(Object::toString)
        .contains("metadata.name: Required value: name or generateName is required");
  }
}

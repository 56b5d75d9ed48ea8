package io.skiff.apiserver.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratedAnyGettersTest {

  private static Pod podWithUnknownFields() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    pod.setAdditionalProperty("extra", Map.of("nested", 1));
    pod.getSpec().getContainers().get(0).setAdditionalProperty("unknownField", "x");
    return pod;
  }

  @Test
  void writesAdditionalPropertiesAsJacksonsOwnAnyGetterDoes() throws Exception {
    ObjectMapper reflective = JsonMapper.builder().build();
    ObjectMapper generated = JsonMapper.builder().addModule(new GeneratedAnyGetters()).build();
    Pod pod = podWithUnknownFields();

    String json = generated.writeValueAsString(pod);

    assertThat(json).isEqualTo(reflective.writeValueAsString(pod)).contains("\"extra\":{\"nested\":1}").contains("\"unknownField\":\"x\"");
  }

  @Test
  void theAnyGetterOfAModelClassReadsThroughTheGeneratedAccessor() throws Exception {
    ObjectMapper generated = JsonMapper.builder().addModule(new GeneratedAnyGetters()).build();
    java.util.List<Class<?>> anyGetters = new java.util.ArrayList<>();
    generated.getSerializerProviderInstance().findValueSerializer(Pod.class).properties().forEachRemaining(p -> {
      if (p instanceof com.fasterxml.jackson.databind.ser.AnyGetterWriter any) {
        anyGetters.add(any.getClass());
      }
    });

    assertThat(anyGetters).containsExactly(GeneratedAnyGetters.Writer.class);
  }

  @Test
  void theServersMapperKeepsUnknownFieldsThroughARoundTrip() throws Exception {
    Pod pod = podWithUnknownFields();

    Pod back = Json.mapper().readValue(Json.mapper().writeValueAsBytes(pod), Pod.class);

    assertThat(back.getAdditionalProperties()).containsEntry("extra", Map.of("nested", 1));
    assertThat(back.getSpec().getContainers().get(0).getAdditionalProperties()).containsEntry("unknownField", "x");
  }

  @Test
  void generatesAGetterOnlyForPublicMethods() throws Exception {
    assertThat(GeneratedAnyGetters.getter(Pod.class.getMethod("getAdditionalProperties"))).isPresent();
    assertThat(GeneratedAnyGetters.getter(Hidden.class.getDeclaredMethod("values"))).isEmpty();
  }

  private static final class Hidden {
    Map<String, Object> values() {
      return Map.of();
    }
  }
}

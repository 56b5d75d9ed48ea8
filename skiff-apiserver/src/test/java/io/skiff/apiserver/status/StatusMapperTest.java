package io.skiff.apiserver.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.skiff.common.SkiffException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

  @Test
  void tooManyRequestsCarriesItsCausesAndRetryAfterAsKubernetesDoes() {
    Status s = StatusMapper.toStatus(new SkiffException.TooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10,
        List.of(new SkiffException.TooManyRequests.Cause("DisruptionBudget", "The disruption budget web is still being processed by the server."))));
    assertThat(s.getCode()).isEqualTo(429);
    assertThat(s.getReason()).isEqualTo("TooManyRequests");
    assertThat(s.getStatus()).isEqualTo("Failure");
    assertThat(s.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
    assertThat(s.getDetails().getRetryAfterSeconds()).isEqualTo(10);
    assertThat(s.getDetails().getCauses()).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("DisruptionBudget");
      assertThat(c.getMessage()).isEqualTo("The disruption budget web is still being processed by the server.");
      assertThat(c.getField()).isNull();
    });

    Status noRetry = StatusMapper.toStatus(new SkiffException.TooManyRequests("slow down", 0, List.of()));
    assertThat(noRetry.getDetails()).as("no details without causes or a retry").isNull();
  }
}

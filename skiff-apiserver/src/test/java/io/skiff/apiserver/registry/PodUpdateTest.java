package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.common.FieldError;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodUpdateTest {

  private static final PodStrategy STRATEGY = new PodStrategy();

  static Pod stored() {
    Pod pod = PodValidationTest.validPod();
    pod.getMetadata().setUid("0b5e1c9e-0000-4000-8000-000000000001");
    pod.getMetadata().setResourceVersion("7");
    pod.getMetadata().setCreationTimestamp("2025-06-01T12:00:00Z");
    return pod;
  }

  static Pod copy(Pod pod) {
    return new PodBuilder(pod).build();
  }

  record Case(String name, Consumer<Pod> before, Consumer<Pod> change, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, Consumer<Pod> before, Consumer<Pod> change, String... errors) {
    return new Case(name, before, change, List.of(errors));
  }

  static final Consumer<Pod> NOTHING = p -> { };

  static Stream<Case> updates() {
    return Stream.of(
        c("no change", NOTHING, NOTHING),
        c("image change", NOTHING, p -> p.getSpec().getContainers().get(0).setImage("nginx:1.28")),
        c("label change", NOTHING, p -> p.getMetadata().setLabels(Map.of("app", "test2"))),
        c("deadline set", NOTHING, p -> p.getSpec().setActiveDeadlineSeconds(100L)),
        c("deadline shortened", p -> p.getSpec().setActiveDeadlineSeconds(100L), p -> p.getSpec().setActiveDeadlineSeconds(50L)),
        c("deadline extended", p -> p.getSpec().setActiveDeadlineSeconds(50L), p -> p.getSpec().setActiveDeadlineSeconds(100L),
            "spec.activeDeadlineSeconds: Invalid value: 100: must be less than or equal to previous value"),
        c("deadline removed", p -> p.getSpec().setActiveDeadlineSeconds(50L), p -> p.getSpec().setActiveDeadlineSeconds(null),
            "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"),
        c("negative deadline", NOTHING, p -> p.getSpec().setActiveDeadlineSeconds(-1L),
            "spec.activeDeadlineSeconds: Invalid value: -1: must be between 1 and 2147483647, inclusive",
            "spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647, inclusive"),
        c("toleration added", NOTHING, p -> p.getSpec().getTolerations().add(new Toleration("NoSchedule", "gpu", "Exists", null, null))),
        c("toleration seconds changed", NOTHING, p -> p.getSpec().getTolerations().get(0).setTolerationSeconds(60L)),
        c("toleration modified", NOTHING, p -> p.getSpec().getTolerations().get(0).setOperator("Equal"),
            "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"),
        c("grace period raised from negative to one", p -> p.getSpec().setTerminationGracePeriodSeconds(-5L),
            p -> p.getSpec().setTerminationGracePeriodSeconds(1L)),
        c("scheduling gate removed", p -> p.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/a"))),
            p -> p.getSpec().setSchedulingGates(List.of())),
        c("scheduling gate added", NOTHING, p -> p.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/b"))),
            "spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'"),
        c("container added", NOTHING, p -> p.getSpec().getContainers().add(PodValidationTest.container("extra")),
            "spec.containers: Forbidden: pod updates may not add or remove containers"),
        c("init container added", NOTHING, p -> p.getSpec().getInitContainers().add(PodValidationTest.container("extra")),
            "spec.initContainers: Forbidden: pod updates may not add or remove containers"),
        c("image emptied", NOTHING, p -> p.getSpec().getContainers().get(0).setImage(""),
            "spec.containers[0].image: Required value", "spec.containers[0].image: Required value"),
        c("name changed", NOTHING, p -> p.getMetadata().setName("other"),
            "metadata.name: Invalid value: \"other\": field is immutable"),
        c("uid changed", NOTHING, p -> p.getMetadata().setUid("other"),
            "metadata.uid: Invalid value: \"other\": field is immutable"));
  }

  @ParameterizedTest
  @MethodSource("updates")
  void allowsOnlyWhatKubernetesAllows(Case c) {
    Pod old = stored();
    c.before().accept(old);
    Pod pod = copy(old);
    c.change().accept(pod);
    STRATEGY.prepareForUpdate(pod, old);
    assertThat(STRATEGY.validateUpdate(pod, old)).extracting(FieldError::toString).containsExactlyElementsOf(c.errors());
  }

  @Test
  void changingTheRestartPolicyIsForbiddenWithTheListOfUpdatableFields() {
    Pod old = stored();
    Pod pod = copy(old);
    pod.getSpec().setRestartPolicy("Never");
    STRATEGY.prepareForUpdate(pod, old);

    List<FieldError> errors = STRATEGY.validateUpdate(pod, old);

    assertThat(errors).hasSize(1);
    FieldError error = errors.get(0);
    assertThat(error.type()).isEqualTo(FieldError.Type.FORBIDDEN);
    assertThat(error.field()).isEqualTo("spec");
    assertThat(error.toString()).isEqualTo("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
        + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"
        + "- spec.restartPolicy: \"Always\"\n+ spec.restartPolicy: \"Never\"");
  }

  @Test
  void changingResourcesChangesTheQosClassWhichIsImmutable() {
    Pod old = stored();
    Pod pod = copy(old);
    pod.getSpec().getContainers().get(0).getResources().setLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")));
    STRATEGY.prepareForUpdate(pod, old);

    assertThat(STRATEGY.validateUpdate(pod, old)).extracting(FieldError::toString)
        .first().isEqualTo("metadata: Invalid value: \"BestEffort\": Pod QOS is immutable");
  }

  @Test
  void pullPolicyChosenAtCreateSurvivesAnImageChange() {
    Pod old = stored();
    Pod pod = copy(old);
    pod.getSpec().getContainers().get(0).setImage("nginx");
    STRATEGY.prepareForUpdate(pod, old);
    assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(STRATEGY.validateUpdate(pod, old)).isEmpty();
  }

  @Test
  void updateKeepsTheStoredStatus() {
    Pod old = stored();
    Pod pod = copy(old);
    pod.setStatus(new PodStatusBuilder().withPhase("Failed").withReason("Hacked").build());
    STRATEGY.prepareForUpdate(pod, old);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getReason()).isNull();
  }

  @Test
  void statusUpdateKeepsTheStoredSpecAndTakesTheNewStatus() {
    Pod old = stored();
    Pod pod = copy(old);
    pod.getSpec().setRestartPolicy("Never");
    pod.getSpec().setNodeName("sneaky");
    pod.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.42.0.9").withHostIPs(new HostIP("192.168.1.5"))
        .withContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(true).withRestartCount(0).build()).build());

    STRATEGY.prepareForStatusUpdate(pod, old);

    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getNodeName()).isNull();
    PodStatus status = pod.getStatus();
    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getQosClass()).isEqualTo("BestEffort");
    assertThat(status.getPodIPs()).extracting(ip -> ip.getIp()).containsExactly("10.42.0.9");
    assertThat(status.getHostIP()).isEqualTo("192.168.1.5");
    assertThat(STRATEGY.validateUpdate(pod, old)).isEmpty();
  }

  @Test
  void selectableFieldsAreThoseKubernetesOffersForPods() {
    Pod pod = stored();
    pod.getSpec().setNodeName("node-1");
    pod.getStatus().setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP("10.42.0.9")));
    assertThat(STRATEGY.selectableFields(pod)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("metadata.name", "init-pod"),
        Map.entry("metadata.namespace", "default"),
        Map.entry("spec.nodeName", "node-1"),
        Map.entry("spec.restartPolicy", "Always"),
        Map.entry("spec.schedulerName", "default-scheduler"),
        Map.entry("spec.serviceAccountName", "default"),
        Map.entry("spec.hostNetwork", "false"),
        Map.entry("status.phase", "Pending"),
        Map.entry("status.podIP", "10.42.0.9"),
        Map.entry("status.nominatedNodeName", "")));
  }
}

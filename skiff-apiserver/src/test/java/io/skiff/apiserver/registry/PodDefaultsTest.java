package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerResizePolicy;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.skiff.common.SkiffException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodDefaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PodStrategy STRATEGY = new PodStrategy();
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  /** A pod that exercises every defaulted field, written as a user would (nothing defaulted). */
  static Pod userPod() {
    return new PodBuilder()
        .withNewMetadata().withName("web").withNamespace("default").endMetadata()
        .withNewSpec()
          .addNewVolume().withName("scratch").endVolume()
          .addNewVolume().withName("creds").withNewSecret().withSecretName("s").endSecret().endVolume()
          .addNewVolume().withName("conf").withNewConfigMap().withName("c").endConfigMap().endVolume()
          .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("name").withNewFieldRef()
              .withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endVolume()
          .addNewVolume().withName("token").withNewProjected().addNewSource().withNewServiceAccountToken().withPath("token")
              .endServiceAccountToken().endSource().endProjected().endVolume()
          .addNewVolume().withName("host").withNewHostPath().withPath("/tmp").endHostPath().endVolume()
          .addNewInitContainer().withName("init").withImage("busybox").endInitContainer()
          .addNewContainer().withName("app").withImage("nginx:1.27")
            .addNewPort().withContainerPort(80).endPort()
            .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef()
                .endValueFrom().endEnv()
            .withNewLivenessProbe().withNewHttpGet().withPort(new IntOrString(80)).endHttpGet().endLivenessProbe()
            .withNewLifecycle().withNewPreStop().withNewHttpGet().withPort(new IntOrString(80)).endHttpGet().endPreStop().endLifecycle()
          .endContainer()
        .endSpec()
        .build();
  }

  static Pod created(Pod pod) {
    STRATEGY.prepareForCreate(pod);
    return pod;
  }

  record Default(String field, Function<Pod, Object> read, Object expected) {
    @Override
    public String toString() {
      return field;
    }
  }

  static Stream<Default> defaults() {
    return Stream.of(
        new Default("spec.restartPolicy", p -> p.getSpec().getRestartPolicy(), "Always"),
        new Default("spec.dnsPolicy", p -> p.getSpec().getDnsPolicy(), "ClusterFirst"),
        new Default("spec.schedulerName", p -> p.getSpec().getSchedulerName(), "default-scheduler"),
        new Default("spec.terminationGracePeriodSeconds", p -> p.getSpec().getTerminationGracePeriodSeconds(), 30L),
        new Default("spec.securityContext", p -> json(p.getSpec().getSecurityContext()), "{}"),
        new Default("spec.enableServiceLinks", p -> p.getSpec().getEnableServiceLinks(), true),
        new Default("spec.priority", p -> p.getSpec().getPriority(), 0),
        new Default("spec.preemptionPolicy", p -> p.getSpec().getPreemptionPolicy(), "PreemptLowerPriority"),
        new Default("spec.serviceAccountName", p -> p.getSpec().getServiceAccountName(), "default"),
        new Default("spec.serviceAccount", p -> p.getSpec().getServiceAccount(), "default"),
        new Default("spec.tolerations", p -> p.getSpec().getTolerations(), List.of(
            new Toleration("NoExecute", "node.kubernetes.io/not-ready", "Exists", 300L, null),
            new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", 300L, null))),
        new Default("containers[0].imagePullPolicy", p -> p.getSpec().getContainers().get(0).getImagePullPolicy(), "IfNotPresent"),
        new Default("containers[0].terminationMessagePath", p -> p.getSpec().getContainers().get(0).getTerminationMessagePath(),
            "/dev/termination-log"),
        new Default("containers[0].terminationMessagePolicy", p -> p.getSpec().getContainers().get(0).getTerminationMessagePolicy(), "File"),
        new Default("containers[0].resources", p -> json(p.getSpec().getContainers().get(0).getResources()), "{}"),
        new Default("containers[0].ports[0].protocol", p -> p.getSpec().getContainers().get(0).getPorts().get(0).getProtocol(), "TCP"),
        new Default("containers[0].env[0].valueFrom.fieldRef.apiVersion",
            p -> p.getSpec().getContainers().get(0).getEnv().get(0).getValueFrom().getFieldRef().getApiVersion(), "v1"),
        new Default("containers[0].livenessProbe.timeoutSeconds", p -> p.getSpec().getContainers().get(0).getLivenessProbe().getTimeoutSeconds(), 1),
        new Default("containers[0].livenessProbe.periodSeconds", p -> p.getSpec().getContainers().get(0).getLivenessProbe().getPeriodSeconds(), 10),
        new Default("containers[0].livenessProbe.successThreshold",
            p -> p.getSpec().getContainers().get(0).getLivenessProbe().getSuccessThreshold(), 1),
        new Default("containers[0].livenessProbe.failureThreshold",
            p -> p.getSpec().getContainers().get(0).getLivenessProbe().getFailureThreshold(), 3),
        new Default("containers[0].livenessProbe.httpGet.path", p -> p.getSpec().getContainers().get(0).getLivenessProbe().getHttpGet().getPath(), "/"),
        new Default("containers[0].livenessProbe.httpGet.scheme",
            p -> p.getSpec().getContainers().get(0).getLivenessProbe().getHttpGet().getScheme(), "HTTP"),
        new Default("containers[0].lifecycle.preStop.httpGet.path",
            p -> p.getSpec().getContainers().get(0).getLifecycle().getPreStop().getHttpGet().getPath(), "/"),
        new Default("initContainers[0].imagePullPolicy", p -> p.getSpec().getInitContainers().get(0).getImagePullPolicy(), "Always"),
        new Default("initContainers[0].terminationMessagePath", p -> p.getSpec().getInitContainers().get(0).getTerminationMessagePath(),
            "/dev/termination-log"),
        new Default("initContainers[0].terminationMessagePolicy", p -> p.getSpec().getInitContainers().get(0).getTerminationMessagePolicy(), "File"),
        new Default("volumes[scratch].emptyDir", p -> json(p.getSpec().getVolumes().get(0).getEmptyDir()), "{}"),
        new Default("volumes[creds].secret.defaultMode", p -> p.getSpec().getVolumes().get(1).getSecret().getDefaultMode(), 420),
        new Default("volumes[conf].configMap.defaultMode", p -> p.getSpec().getVolumes().get(2).getConfigMap().getDefaultMode(), 420),
        new Default("volumes[info].downwardAPI.defaultMode", p -> p.getSpec().getVolumes().get(3).getDownwardAPI().getDefaultMode(), 420),
        new Default("volumes[info].downwardAPI.items[0].fieldRef.apiVersion",
            p -> p.getSpec().getVolumes().get(3).getDownwardAPI().getItems().get(0).getFieldRef().getApiVersion(), "v1"),
        new Default("volumes[token].projected.defaultMode", p -> p.getSpec().getVolumes().get(4).getProjected().getDefaultMode(), 420),
        new Default("volumes[token].projected.sources[0].serviceAccountToken.expirationSeconds",
            p -> p.getSpec().getVolumes().get(4).getProjected().getSources().get(0).getServiceAccountToken().getExpirationSeconds(), 3600L),
        new Default("volumes[host].hostPath.type", p -> p.getSpec().getVolumes().get(5).getHostPath().getType(), ""),
        new Default("status.phase", p -> p.getStatus().getPhase(), "Pending"),
        new Default("status.qosClass", p -> p.getStatus().getQosClass(), "BestEffort"),
        new Default("status.conditions", p -> p.getStatus().getConditions().isEmpty(), true));
  }

  @ParameterizedTest
  @MethodSource("defaults")
  void createFillsEveryKubernetesDefault(Default d) {
    assertThat(d.read().apply(created(userPod()))).isEqualTo(d.expected());
  }

  @Test
  void defaultedPodIsValid() {
    assertThat(STRATEGY.validate(created(userPod()))).isEmpty();
  }

  record PullPolicy(String image, String policy) {}

  static Stream<PullPolicy> pullPolicies() {
    return Stream.of(
        new PullPolicy("nginx", "Always"),
        new PullPolicy("nginx:latest", "Always"),
        new PullPolicy("nginx:1.27", "IfNotPresent"),
        new PullPolicy("nginx@" + DIGEST, "IfNotPresent"),
        new PullPolicy("nginx:latest@" + DIGEST, "Always"),
        new PullPolicy("nginx:1.27@" + DIGEST, "IfNotPresent"),
        new PullPolicy("centos:7", "IfNotPresent"),
        new PullPolicy("centos7", "Always"),
        new PullPolicy("docker.io/library/nginx", "Always"),
        new PullPolicy("library/nginx:latest", "Always"),
        new PullPolicy("registry.k8s.io/pause:3.10", "IfNotPresent"),
        new PullPolicy("localhost:5000/app", "Always"),
        new PullPolicy("localhost/app:v2", "IfNotPresent"),
        new PullPolicy("my.registry:5000/team/app:v1", "IfNotPresent"),
        new PullPolicy("Registry.Example.com/app", "Always"),
        new PullPolicy("[::1]:5000/app:dev", "IfNotPresent"),
        new PullPolicy("Nginx", "IfNotPresent"),
        new PullPolicy("library/Nginx:latest", "IfNotPresent"),
        new PullPolicy("nginx:", "IfNotPresent"),
        new PullPolicy("nginx@sha256:abc", "IfNotPresent"),
        new PullPolicy("nginx@md5:" + "a".repeat(32), "IfNotPresent"),
        new PullPolicy("a".repeat(64), "IfNotPresent"),
        new PullPolicy("", "IfNotPresent"),
        new PullPolicy(" nginx", "IfNotPresent"),
        new PullPolicy("a".repeat(2000), "IfNotPresent"));
  }

  @ParameterizedTest
  @MethodSource("pullPolicies")
  void pullPolicyFollowsTheImageTag(PullPolicy c) {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage(c.image()).endContainer().endSpec().build();
    assertThat(created(pod).getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo(c.policy());
  }

  @Test
  void defaultsNeverOverwriteUserValues() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().withRestartPolicy("Never").withDnsPolicy("Default").withSchedulerName("mine").withTerminationGracePeriodSeconds(5L)
          .withEnableServiceLinks(false).withServiceAccountName("robot")
          .addNewContainer().withName("c").withImage("nginx").withImagePullPolicy("Never").withTerminationMessagePath("/tmp/x")
            .withTerminationMessagePolicy("FallbackToLogsOnError").addNewPort().withContainerPort(53).withProtocol("UDP").endPort()
          .endContainer()
        .endSpec().build();
    created(pod);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("Default");
    assertThat(pod.getSpec().getSchedulerName()).isEqualTo("mine");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L);
    assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("robot");
    assertThat(pod.getSpec().getServiceAccount()).isEqualTo("robot");
    var c = pod.getSpec().getContainers().get(0);
    assertThat(c.getImagePullPolicy()).isEqualTo("Never");
    assertThat(c.getTerminationMessagePath()).isEqualTo("/tmp/x");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("UDP");
  }

  @Test
  void deprecatedServiceAccountFieldFeedsServiceAccountName() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().withServiceAccount("legacy").addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
    assertThat(created(pod).getSpec().getServiceAccountName()).isEqualTo("legacy");
  }

  @Test
  void requestsAreCopiedFromLimitsAndGetAResizePolicy() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec()
          .addNewInitContainer().withName("i").withImage("busybox").withNewResources()
            .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi"))).endResources().endInitContainer()
          .addNewContainer().withName("c").withImage("nginx").withNewResources()
            .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")))
            .withRequests(Map.of("cpu", new Quantity("250m"))).endResources().endContainer()
        .endSpec().build();
    created(pod);
    var app = pod.getSpec().getContainers().get(0);
    assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("250m")).containsEntry("memory", new Quantity("128Mi"));
    assertThat(app.getResizePolicy()).containsExactly(new ContainerResizePolicy("cpu", "NotRequired"), new ContainerResizePolicy("memory", "NotRequired"));
    var init = pod.getSpec().getInitContainers().get(0);
    assertThat(init.getResources().getRequests()).containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("64Mi"));
    assertThat(init.getResizePolicy()).isEmpty();
    assertThat(pod.getStatus().getQosClass()).isEqualTo("Burstable");
  }

  @Test
  void hostNetworkCopiesContainerPortsToHostPorts() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().withHostNetwork(true).addNewContainer().withName("c").withImage("nginx").addNewPort().withContainerPort(8080).endPort()
        .endContainer().endSpec().build();
    assertThat(created(pod).getSpec().getContainers().get(0).getPorts().get(0).getHostPort()).isEqualTo(8080);
  }

  record Qos(String name, Map<String, Quantity> requests, Map<String, Quantity> limits, String qos) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Qos> qosClasses() {
    Map<String, Quantity> both = Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"));
    return Stream.of(
        new Qos("no resources", null, null, "BestEffort"),
        new Qos("zero requests", Map.of("cpu", new Quantity("0")), null, "BestEffort"),
        new Qos("only other resources", Map.of("ephemeral-storage", new Quantity("1Gi")), null, "BestEffort"),
        new Qos("requests only", Map.of("cpu", new Quantity("100m")), null, "Burstable"),
        new Qos("limits of both", null, both, "Guaranteed"),
        new Qos("equal requests and limits", both, both, "Guaranteed"),
        new Qos("same amount written differently", Map.of("cpu", new Quantity("1000m"), "memory", new Quantity("1024Mi")), both, "Guaranteed"),
        new Qos("requests below limits", Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")), both, "Burstable"),
        new Qos("cpu limit only", null, Map.of("cpu", new Quantity("1")), "Burstable"));
  }

  @ParameterizedTest
  @MethodSource("qosClasses")
  void computesTheQosClass(Qos c) {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("nginx").withNewResources().withRequests(c.requests()).withLimits(c.limits())
        .endResources().endContainer().endSpec().build();
    assertThat(created(pod).getStatus().getQosClass()).isEqualTo(c.qos());
  }

  @Test
  void anInitContainerWithoutLimitsMakesAGuaranteedPodBurstable() {
    Map<String, Quantity> both = Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"));
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewInitContainer().withName("i").withImage("busybox").endInitContainer()
        .addNewContainer().withName("c").withImage("nginx").withNewResources().withLimits(both).endResources().endContainer().endSpec().build();
    assertThat(created(pod).getStatus().getQosClass()).isEqualTo("Burstable");
  }

  @Test
  void userStatusIsReplacedOnCreate() {
    Pod pod = userPod();
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.1").build());
    created(pod);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getPodIP()).isNull();
  }

  @Test
  void schedulingGatesAddAGatedCondition() {
    Pod pod = userPod();
    pod.getSpec().setSchedulingGates(List.of(new io.fabric8.kubernetes.api.model.PodSchedulingGate("example.com/wait")));
    var condition = created(pod).getStatus().getConditions().get(0);
    assertThat(condition.getType()).isEqualTo("PodScheduled");
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("SchedulingGated");
    assertThat(condition.getMessage()).isEqualTo("Scheduling is blocked due to non-empty scheduling gates");
  }

  @Test
  void tolerationsAreNotAddedWhenTheTaintsAreAlreadyTolerated() {
    Pod all = userPod();
    all.getSpec().setTolerations(List.of(new TolerationBuilder().withOperator("Exists").build()));
    assertThat(created(all).getSpec().getTolerations()).hasSize(1);

    Pod notReady = userPod();
    notReady.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists")
        .withEffect("NoExecute").withTolerationSeconds(10L).build()));
    assertThat(created(notReady).getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getTolerationSeconds)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", 10L),
            org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", 300L));
  }

  @Test
  void systemPriorityClassesSetThePriority() {
    Pod pod = userPod();
    pod.getSpec().setPriorityClassName("system-node-critical");
    assertThat(created(pod).getSpec().getPriority()).isEqualTo(2000001000);
  }

  @Test
  void unknownPriorityClassIsForbidden() {
    Pod pod = userPod();
    pod.getSpec().setPriorityClassName("gold");
    assertThatThrownBy(() -> created(pod)).isInstanceOf(SkiffException.Forbidden.class)
        .hasMessage("pods \"web\" is forbidden: no PriorityClass with name gold was found");
  }

  @Test
  void explicitPriorityMustMatchTheClass() {
    Pod pod = userPod();
    pod.getSpec().setPriority(7);
    assertThatThrownBy(() -> created(pod)).isInstanceOf(SkiffException.Forbidden.class)
        .hasMessage("pods \"web\" is forbidden: the integer value of priority (7) must not be provided in pod spec; "
            + "priority admission controller computed 0 from the given PriorityClass name");
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

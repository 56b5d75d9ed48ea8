package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed manifests (shared/seed/*.yaml, copied here verbatim so the test is hermetic) through create. */
class SeedManifestsTest {

  private static final PodStrategy STRATEGY = new PodStrategy();

  static final String INIT_YAML = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-pod
        labels:
          app: test1
      spec:
        initContainers:
        - name: centos1
          image: centos:7
          command: ["/bin/bash","-c","echo 123 > /opt/123.txt && sleep 2"]
        - name: centos2
          image: centos:7
          command: ["/bin/bash","-c","echo 456 > /opt/456.txt && sleep 2"]
        containers:
        - name: centos3
          image: centos:7
          command: ["/bin/bash","-c","echo system is running && sleep 3600"]
      """;

  static final String INIT_VOLUME_AS_WRITTEN_YAML = """
      apiVersion: v1
      kind: Pod
      matadata:
        name: init-pod
        labels:
          app: test1
      spec:
        volumes:
        - name: testdata
          emptyDir: {}
        initContainers:
        - name: centos1
          image: centos7
          command: ["/bin/bash","-c","echo 123 > /opt/123.txt && sleep 2"]
          volumeMounts:
          - name: testdata
            mountPath: /opt/data
        - name: centos2
          image: centos7
          command: ["/bin/bash","-c","echo 456 > /opt/456.txt && sleep 2"]
          volumeMounts:
          - name: testdata
            mountPath: /opt/data
        containers:
        - name: centos3
          image: centos7
          command: ["/bin/bash","-c","echo system is running && sleep 3600"]
          volumeMounts:
          - name: testdata
            mountPath: /opt/data
      """;

  static Pod read(String yaml, String namespace) {
    Pod pod = Serialization.unmarshal(yaml, Pod.class);
    if (pod.getMetadata() != null) {
      pod.getMetadata().setNamespace(namespace);
    }
    return pod;
  }

  static List<Container> allContainers(Pod pod) {
    List<Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
    all.addAll(pod.getSpec().getContainers());
    return all;
  }

  @Test
  void initPodIsDefaultedLikeKubernetes() {
    Pod pod = read(INIT_YAML, "default");
    STRATEGY.prepareForCreate(pod);

    assertThat(STRATEGY.validate(pod)).isEmpty();
    assertThat(allContainers(pod)).allSatisfy(c -> {
      assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
      assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
      assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
    });
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
  }

  @Test
  void initPodPrintsPendingUntilScheduled() {
    Pod pod = read(INIT_YAML, "default");
    pod.getMetadata().setCreationTimestamp("2025-06-01T12:00:00Z");
    STRATEGY.prepareForCreate(pod);
    assertThat(STRATEGY.cells(pod, java.time.Instant.parse("2025-06-01T12:00:05Z")).subList(0, 5))
        .containsExactly("init-pod", "0/1", "Pending", "0", "5s");
  }

  @Test
  void untaggedImageOfTheSecondManifestIsPulledAlways() {
    Pod pod = read(INIT_VOLUME_AS_WRITTEN_YAML, "default");
    STRATEGY.prepareForCreate(pod);
    assertThat(allContainers(pod)).extracting(Container::getImagePullPolicy).containsOnly("Always");
  }

  @Test
  void secondManifestHasNoMetadataSoItsNameIsMissing() {
    Pod pod = read(INIT_VOLUME_AS_WRITTEN_YAML, "default");
    assertThat(pod.getAdditionalProperties()).containsKey("matadata");
    STRATEGY.prepareForCreate(pod);
    assertThat(STRATEGY.validate(pod)).extracting(FieldError::toString)
        .containsExactly("metadata.name: Required value: name or generateName is required", "metadata.namespace: Required value");
  }

  @Test
  void renamingAnInitContainerToTheAppContainersNameIsRefused() {
    Pod pod = read(INIT_YAML, "default");
    pod.getSpec().getInitContainers().get(0).setName("centos3");
    STRATEGY.prepareForCreate(pod);
    assertThat(STRATEGY.validate(pod)).extracting(FieldError::toString)
        .containsExactly("spec.initContainers[0].name: Duplicate value: \"centos3\"");
  }
}

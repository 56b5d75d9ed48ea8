package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.images.testing.CountingProxy;
import io.skiff.images.testing.TestImages;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Image pull policies end to end, counted at the registry: an untagged image (Always) is pulled for every pod start, a
 * tagged one (IfNotPresent) once; Never with a missing image shows ErrImageNeverPull; a missing image goes from
 * ErrImagePull to ImagePullBackOff with Kubernetes' messages and events.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodImagePullIT {
  private PodFixturesIT.Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = new PodFixturesIT.Cluster();
    TestImages.buildAndPush(Files.createDirectories(cluster.dir.resolve("more-layouts")), TestImages.busyboxImage(), cluster.registry,
        "library/busybox:latest");
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Pod runOnce(String name, String image, String policy) {
    var c = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("app").withImage(image).withCommand("/bin/sh", "-c", "echo ok");
    if (policy != null) {
      c.withImagePullPolicy(policy);
    }
    cluster.client.pods().inNamespace("default").resource(c.endContainer().endSpec().build()).create();
    return cluster.awaitPod(name + " to succeed", name, p -> "Succeeded".equals(p.getStatus().getPhase()));
  }

  private long manifests(String repository) {
    return cluster.registry.proxy().requests().stream().filter(CountingProxy.Request::manifest)
        .filter(r -> r.path().startsWith("/v2/library/" + repository + "/manifests/")).count();
  }

  private List<Event> events(String pod) {
    return cluster.client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void anUntaggedImageIsPulledForEveryStartAndATaggedOneOnce() {
    runOnce("untagged-1", "busybox", null);
    long afterFirst = manifests("busybox");
    runOnce("untagged-2", "busybox", null);
    assertThat(afterFirst).isPositive();
    assertThat(manifests("busybox")).isGreaterThan(afterFirst);
    assertThat(cluster.pod("untagged-2").getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
    assertThat(events("untagged-2")).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Pulling image \"busybox\""));

    runOnce("tagged-1", "centos:7", null);
    long centos = manifests("centos");
    runOnce("tagged-2", "centos:7", null);
    assertThat(centos).isPositive();
    assertThat(manifests("centos")).isEqualTo(centos);
    assertThat(events("tagged-2")).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Container image \"centos:7\" already present on machine"));
  }

  @Test
  void neverWithAMissingImageIsErrImageNeverPull() {
    cluster.client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("never").endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage("absent:1").withImagePullPolicy("Never").endContainer().endSpec().build()).create();
    Pod p = cluster.awaitPod("ErrImageNeverPull", "never", x -> waitingReason(x).equals("ErrImageNeverPull"));
    assertThat(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo("Container image \"absent:1\" is not present with pull policy of Never");
    assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(events("never")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("ErrImageNeverPull");
      assertThat(e.getType()).isEqualTo("Warning");
    });
  }

  @Test
  void aMissingImageBacksOffWithImagePullBackOff() {
    cluster.client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("missing").endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage("nosuch:1").endContainer().endSpec().build()).create();
    Pod p = cluster.awaitPod("ImagePullBackOff", "missing", x -> waitingReason(x).equals("ImagePullBackOff"));
    ContainerStatus s = p.getStatus().getContainerStatuses().get(0);
    assertThat(s.getState().getWaiting().getMessage()).startsWith("Back-off pulling image \"nosuch:1\": ErrImagePull: ");
    assertThat(events("missing")).anySatisfy(e -> assertThat(e.getMessage()).startsWith("Failed to pull image \"nosuch:1\": "));
    assertThat(events("missing")).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Error: ErrImagePull"));
    assertThat(events("missing")).anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Back-off pulling image \"nosuch:1\""));
  }

  private static String waitingReason(Pod p) {
    var s = p.getStatus().getContainerStatuses();
    if (s == null || s.isEmpty() || s.get(0).getState().getWaiting() == null || s.get(0).getState().getWaiting().getReason() == null) {
      return "";
    }
    return s.get(0).getState().getWaiting().getReason();
  }
}

package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.volume.MountedVolume;
import io.skiff.runtime.ContainerMount;
import io.skiff.runtime.ProcessUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerConfigFactoryTest {
  @TempDir Path dir;
  private List<Path> layers;

  @BeforeEach
  void image() throws Exception {
    Path base = Files.createDirectories(dir.resolve("base/etc"));
    Files.writeString(base.resolve("passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(base.resolve("group"), "root:x:0:\nstaff:x:50:\n");
    Path top = Files.createDirectories(dir.resolve("top"));
    layers = List.of(top, dir.resolve("base"));
  }

  private static Pod pod(Container c, Long podRunAsUser, Boolean nonRoot) {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u-1").endMetadata().withNewSpec()
        .withNewSecurityContext().withRunAsUser(podRunAsUser).withRunAsNonRoot(nonRoot).withSupplementalGroups(7L).withFsGroup(9L)
        .endSecurityContext().withContainers(c).endSpec().build();
  }

  private static Container container() {
    return new ContainerBuilder().withName("app").withImage("x").build();
  }

  @Test
  void theImageUserIsResolvedInItsLayers() {
    assertThat(ContainerConfigFactory.user(pod(container(), null, null), container(), "app", layers))
        .isEqualTo(new ProcessUser(1000, 1000, List.of(7L, 9L)));
    assertThat(ContainerConfigFactory.user(pod(container(), null, null), container(), "app:staff", layers).gid()).isEqualTo(50);
    assertThat(ContainerConfigFactory.user(pod(container(), null, null), container(), "", layers).uid()).isZero();
    assertThat(ContainerConfigFactory.user(pod(container(), null, null), container(), "4242:7", layers))
        .isEqualTo(new ProcessUser(4242, 7, List.of(7L, 9L)));
    assertThatThrownBy(() -> ContainerConfigFactory.user(pod(container(), null, null), container(), "nobody", layers))
        .hasMessageContaining("unable to find user nobody");
  }

  @Test
  void theSecurityContextWinsContainerOverPod() {
    Container c = new ContainerBuilder(container()).withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(55L).endSecurityContext().build();
    assertThat(ContainerConfigFactory.user(pod(c, 3000L, null), c, "root", layers)).isEqualTo(new ProcessUser(1000, 55, List.of(7L, 9L)));
    assertThat(ContainerConfigFactory.user(pod(container(), 3000L, null), container(), "root", layers).uid()).isEqualTo(3000);
  }

  @Test
  void runAsNonRootRefusesRootAndUnverifiableUsersWithTheKubeletsMessages() {
    assertThatThrownBy(() -> ContainerConfigFactory.user(pod(container(), null, true), container(), "", layers))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("container has runAsNonRoot and image will run as root (pod: \"web_default(u-1)\", container: app)");
    assertThatThrownBy(() -> ContainerConfigFactory.user(pod(container(), null, true), container(), "app", layers))
        .hasMessage("container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root (pod: \"web_default(u-1)\", container: app)");
    assertThatThrownBy(() -> ContainerConfigFactory.user(pod(container(), 0L, true), container(), "1000", layers))
        .hasMessage("container's runAsUser breaks non-root policy (pod: \"web_default(u-1)\", container: app)");
    assertThat(ContainerConfigFactory.user(pod(container(), null, true), container(), "1000", layers).uid()).isEqualTo(1000);
  }

  @Test
  void volumeMountsBindTheVolumeWithReadOnlyAndSubPath() throws Exception {
    Path vol = Files.createDirectories(dir.resolve("vol"));
    Container c = new ContainerBuilder(container())
        .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath("/ro").withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath("/sub").withSubPath("a/b").endVolumeMount()
        .addNewVolumeMount().withName("cfg").withMountPath("/cfg").endVolumeMount()
        .build();
    List<ContainerMount> mounts = ContainerConfigFactory.mounts(c, Map.of("data", new MountedVolume("data", vol, false),
        "cfg", new MountedVolume("cfg", vol, true)), Map.of());
    assertThat(mounts).containsExactly(ContainerMount.bind(vol, "/data", false), ContainerMount.bind(vol, "/ro", true),
        ContainerMount.bind(vol.resolve("a/b").toRealPath(), "/sub", false), ContainerMount.bind(vol, "/cfg", true));
    assertThat(vol.resolve("a/b")).isDirectory();
  }

  @Test
  void aSubPathMayNotLeaveTheVolume() throws Exception {
    Path vol = Files.createDirectories(dir.resolve("vol"));
    Files.createSymbolicLink(vol.resolve("escape"), dir);
    Container up = new ContainerBuilder(container()).addNewVolumeMount().withName("v").withMountPath("/x").withSubPath("../x").endVolumeMount().build();
    Container link = new ContainerBuilder(container()).addNewVolumeMount().withName("v").withMountPath("/x").withSubPath("escape").endVolumeMount().build();
    Map<String, MountedVolume> volumes = Map.of("v", new MountedVolume("v", vol, false));
    assertThatThrownBy(() -> ContainerConfigFactory.mounts(up, volumes, Map.of())).isInstanceOf(SkiffException.BadRequest.class);
    assertThatThrownBy(() -> ContainerConfigFactory.mounts(link, volumes, Map.of())).hasMessageContaining("not within volume path");
  }
}

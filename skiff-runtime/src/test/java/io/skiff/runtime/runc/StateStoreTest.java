package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerMount;
import io.skiff.runtime.EnvVar;
import io.skiff.runtime.PortMapping;
import io.skiff.runtime.Resources;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.cni.CniResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir
  Path root;

  @Test
  void recordsRoundTripThroughTheirFiles() throws Exception {
    StateStore store = new StateStore(new RuntimeLayout(root));
    SandboxConfig pod = SandboxConfig.of("uid", "ns", "web").withPortMappings(List.of(PortMapping.tcp(8080, 80))).withLabels(Map.of("a", "b"));
    SandboxRecord s = new SandboxRecord(pod.id(), pod, Instant.parse("2024-01-01T00:00:00.123456789Z"), SandboxRecord.Phase.READY,
        root.resolve("netns/x"), "10.0.0.2", "/skiff/poduid", 42, 4242);
    store.save(s);
    assertThat(store.findSandbox(pod.id())).contains(s);
    assertThat(store.sandboxes()).containsExactly(s);

    for (Rootfs rootfs : List.of(new Rootfs.Prepared(Path.of("/img")), new Rootfs.Overlay(List.of(Path.of("/l1"), Path.of("/l2")), Path.of("/u"), Path.of("/w"), List.of("userxattr")))) {
      ContainerConfig cfg = ContainerConfig.of("app", rootfs, List.of("sh", "-c", "x"))
          .withEnv(List.of(new EnvVar("A", "1"))).withMounts(List.of(ContainerMount.tmpfs("/t", 5)))
          .withResources(new Resources(2, 3, 0, 4, 5, 6)).withLogPath(Path.of("/logs/app.log"));
      ContainerId id = ContainerId.of(pod.id(), "app", rootfs instanceof Rootfs.Overlay ? 1 : 0);
      ContainerRecord c = new ContainerRecord(id, pod.id(), cfg, Instant.EPOCH, 7, 77, Path.of("/img"), false, Path.of("/logs/app.log"),
          "/skiff/poduid/" + id, Instant.EPOCH, new ContainerRecord.FinalStatus(137, Instant.EPOCH, "OOMKilled"));
      store.save(c);
      assertThat(store.findContainer(id)).contains(c);
    }
    assertThat(store.containers(pod.id())).hasSize(2);
    assertThat(store.containers(SandboxId.of("other", 0))).isEmpty();

    var json = new ObjectMapper().readTree("{\"ips\":[{\"address\":\"10.0.0.2/24\"}]}");
    CniResult cni = new CniResult(json, json, json, "10.0.0.2");
    store.saveCni(pod.id(), cni);
    assertThat(store.findCni(pod.id())).contains(cni);
  }

  @Test
  void aRecordReplacedOnDiskIsReadAfreshAndARemovedOneIsGone() throws Exception {
    StateStore mine = new StateStore(new RuntimeLayout(root));
    StateStore other = new StateStore(new RuntimeLayout(root));
    SandboxConfig pod = SandboxConfig.of("uid2", "ns", "web");
    SandboxRecord setUp = new SandboxRecord(pod.id(), pod, Instant.EPOCH, SandboxRecord.Phase.SETTING_UP, null, "", "/skiff/pod", 0, 0);
    mine.save(setUp);
    assertThat(mine.findSandbox(pod.id())).contains(setUp);
    SandboxRecord ready = setUp.withPhase(SandboxRecord.Phase.READY);
    other.save(ready);
    assertThat(mine.findSandbox(pod.id())).contains(ready);
    assertThat(mine.sandboxes()).containsExactly(ready);
    io.skiff.runtime.host.FileTrees.delete(new RuntimeLayout(root).sandboxDir(pod.id()));
    assertThat(mine.findSandbox(pod.id())).isEmpty();
    assertThat(mine.sandboxes()).isEmpty();
  }

  @Test
  void missingRecordsAreEmpty() {
    StateStore store = new StateStore(new RuntimeLayout(root));
    assertThat(store.findSandbox(SandboxId.of("x", 0))).isEmpty();
    assertThat(store.sandboxes()).isEmpty();
    assertThat(store.containers()).isEmpty();
  }
}

package io.skiff.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupFsTest {
  @TempDir
  Path tmp;

  private CgroupFs hybrid() {
    return CgroupFs.from(List.of(
        new MountInfo(tmp.resolve("memory"), "cgroup", "cgroup", "rw,memory"),
        new MountInfo(tmp.resolve("cpu"), "cgroup", "cgroup", "rw,cpu"),
        new MountInfo(tmp.resolve("unified"), "cgroup2", "cgroup2", "rw"),
        new MountInfo(Path.of("/"), "ext4", "/dev/vda", "rw")));
  }

  @Test
  void tellsV1HybridAndV2Apart() {
    assertThat(hybrid().mode()).isEqualTo(CgroupFs.Mode.HYBRID);
    assertThat(CgroupFs.from(List.of(new MountInfo(tmp, "cgroup2", "cgroup2", "rw"))).mode()).isEqualTo(CgroupFs.Mode.V2);
    assertThat(CgroupFs.from(List.of(new MountInfo(tmp, "cgroup", "cgroup", "rw,memory"))).mode()).isEqualTo(CgroupFs.Mode.V1);
  }

  @Test
  void removesATreeFromEveryHierarchyDeepestFirst() throws Exception {
    for (String h : List.of("memory", "cpu", "unified")) {
      Files.createDirectories(tmp.resolve(h).resolve("skiff/pod1/c1"));
    }
    CgroupFs fs = hybrid();
    assertThat(fs.directories("/skiff/pod1")).hasSize(3);
    fs.removeTree("/skiff/pod1");
    assertThat(fs.exists("/skiff/pod1")).isFalse();
    assertThat(tmp.resolve("cpu/skiff")).isDirectory();
  }

  @Test
  void readsTheOomKillCounterFromTheV1MemoryController() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("memory/skiff/c"));
    Files.writeString(dir.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    assertThat(hybrid().oomKills("/skiff/c")).isEqualTo(2);
    assertThat(hybrid().oomKills("/skiff/gone")).isZero();
  }

  @Test
  void readsTheOomKillCounterFromV2MemoryEvents() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("skiff/c"));
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    assertThat(CgroupFs.from(List.of(new MountInfo(tmp, "cgroup2", "cgroup2", "rw"))).oomKills("/skiff/c")).isEqualTo(1);
  }

  @Test
  void refusesPathsOutsideTheHierarchy() {
    assertThatThrownBy(() -> hybrid().removeTree("/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hybrid().exists("/a/../..")).isInstanceOf(IllegalArgumentException.class);
  }
}

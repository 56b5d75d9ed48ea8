package io.skiff.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {
  @Test
  void parsesMountPointTypeAndSuperOptionsAcrossOptionalFields() {
    List<MountInfo> mounts = MountInfo.parse(List.of(
        "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue",
        "42 27 0:4 net:[4026532177] /r/netns/x rw - nsfs nsfs rw",
        "30 25 0:26 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory",
        "garbage"));
    assertThat(mounts).hasSize(3);
    assertThat(mounts.get(0)).isEqualTo(new MountInfo(Path.of("/mnt/with space"), "ext3", "/dev/root", "rw,errors=continue"));
    assertThat(mounts.get(1).fsType()).isEqualTo("nsfs");
    assertThat(mounts.get(2).superOptions()).isEqualTo("rw,memory");
  }

  @Test
  void readsThisProcesssMountTable() {
    assertThat(MountInfo.current()).anyMatch(m -> m.mountPoint().equals(Path.of("/")));
  }
}

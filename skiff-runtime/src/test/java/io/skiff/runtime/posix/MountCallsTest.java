package io.skiff.runtime.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountCallsTest {
  @Test
  void genericOptionsBecomeFlagsAndTheRestIsTheFilesystemsDataInOrder() {
    MountCalls.Request r = MountCalls.request("tmpfs", "shm", "/x", List.of("nosuid", "nodev", "noexec", "mode=1777", "size=65536k"));
    assertThat(r.flags()).isEqualTo(2 | 4 | 8);
    assertThat(r.data()).isEqualTo("mode=1777,size=65536k");
    assertThat(r.type()).isEqualTo("tmpfs");
    assertThat(r.source()).isEqualTo("shm");
    assertThat(r.target()).isEqualTo("/x");
  }

  @Test
  void overlayLayersStayInTheDataString() {
    MountCalls.Request r = MountCalls.request("overlay", "overlay", "/r", List.of("lowerdir=/a:/b", "upperdir=/u", "workdir=/w", "userxattr"));
    assertThat(r.flags()).isZero();
    assertThat(r.data()).isEqualTo("lowerdir=/a:/b,upperdir=/u,workdir=/w,userxattr");
  }

  @Test
  void readOnlySetsTheFlagAndRwClearsNothing() {
    assertThat(MountCalls.request("tmpfs", "t", "/t", List.of("ro")).flags()).isEqualTo(1);
    assertThat(MountCalls.request("tmpfs", "t", "/t", List.of("rw", "mode=0777")).flags()).isZero();
  }
}

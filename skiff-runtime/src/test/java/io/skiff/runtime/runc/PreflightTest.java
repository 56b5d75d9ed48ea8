package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.runtime.cni.NetworkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTest {
  private final RuntimeConfig broken = new RuntimeConfig(Path.of("/tmp/skiff-preflight"), Path.of("/tmp/skiff-preflight/oci"),
      new OciRuntimeBinary(OciRuntimeBinary.Kind.CRUN, Path.of("/nonexistent/crun")), Path.of("/nonexistent/conmon"), Path.of("/nonexistent/catatonit"),
      RuntimeConfig.DEFAULT_SANDBOX_IMAGE, "/skiff",
      new NetworkConfig("skiff", "skiff0", "10.88.0.0/16", true, true, 0, List.of(Path.of("/nonexistent/cni"))), Duration.ofSeconds(5));

  @Test
  void namesEachMissingProgramAndThePackageThatInstallsIt() {
    List<Preflight.Missing> missing = Preflight.missing(broken);
    assertThat(missing).extracting(Preflight.Missing::program).contains("crun", "conmon", "catatonit", "CNI plugin bridge", "CNI plugin portmap");
    assertThat(Preflight.packages(missing)).startsWith("crun", "conmon", "catatonit", "containernetworking-plugins");
  }

  @Test
  void openingWithMissingProgramsSaysWhatToInstall() {
    assertThatThrownBy(() -> RuncRuntime.open(broken)).isInstanceOf(SkiffException.Unavailable.class)
        .hasMessageContaining("install the packages: crun conmon catatonit containernetworking-plugins");
  }

  @Test
  void theRootMustLeaveRoomForConmonsSocketPaths() {
    assertThatThrownBy(() -> RuntimeConfig.defaults(Path.of("/" + "x".repeat(70)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuntimeConfig.defaults(Path.of("/r")).withCgroupParent("skiff")).isInstanceOf(IllegalArgumentException.class);
  }
}

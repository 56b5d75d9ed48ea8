package io.skiff.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRecordsTest {
  private final Rootfs root = new Rootfs.Prepared(Path.of("/img"));

  @Test
  void idsAreDerivedFromUidNameAndAttemptSoRetriesFindTheSameObject() {
    SandboxId s = SandboxId.of("uid-1", 0);
    assertThat(s).isEqualTo(SandboxId.of("uid-1", 0)).isNotEqualTo(SandboxId.of("uid-1", 1)).isNotEqualTo(SandboxId.of("uid-2", 0));
    assertThat(s.value()).matches("[0-9a-f]{32}");
    assertThat(ContainerId.of(s, "app", 0)).isEqualTo(ContainerId.of(s, "app", 0)).isNotEqualTo(ContainerId.of(s, "app", 1));
    assertThat(SandboxConfig.of("uid-1", "ns", "web").id()).isEqualTo(s);
    assertThatThrownBy(() -> new SandboxId("XYZ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sandboxConfigValidatesAndDefaults() {
    SandboxConfig c = SandboxConfig.of("uid", "ns", "web");
    assertThat(c.hostname()).isEqualTo("web");
    assertThat(c.dns()).isNull();
    assertThatThrownBy(() -> c.withHostname("Not_A_Label", "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.withHostNetwork(true).withHostname("Node_1", "").hostname()).isEqualTo("Node_1");
    assertThatThrownBy(() -> c.withCgroupParent("relative")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SandboxConfig.of("../x", "ns", "web")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.withAttempt(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containerConfigValidatesAndDefaults() {
    ContainerConfig c = ContainerConfig.of("app", root, List.of("/bin/true"));
    assertThat(c.workingDir()).isEqualTo("/");
    assertThat(c.user()).isEqualTo(ProcessUser.ROOT);
    assertThatThrownBy(() -> ContainerConfig.of("App", root, List.of("x"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContainerConfig.of("app", root, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.withWorkingDir("rel")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.withLogPath(Path.of("rel.log"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void overlayDirectoriesMustBeAbsoluteAndUsableInMountOptions() {
    assertThatThrownBy(() -> new Rootfs.Overlay(List.of(), Path.of("/u"), Path.of("/w"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rootfs.Overlay(List.of(Path.of("/a:b")), Path.of("/u"), Path.of("/w"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rootfs.Overlay(List.of(Path.of("/a")), Path.of("u"), Path.of("/w"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rootfs.Overlay(List.of(Path.of("/a")), Path.of("/u"), Path.of("/w"), List.of("upperdir=/x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Rootfs.Overlay(List.of(Path.of("/a")), Path.of("/u"), Path.of("/w")).options()).isEmpty();
  }

  @Test
  void capabilityNamesAreNormalized() {
    ContainerSecurity s = new ContainerSecurity(List.of("net_admin", "CAP_SYS_TIME", "all"), List.of(" chown "), false, false, false);
    assertThat(s.addCapabilities()).containsExactly("CAP_NET_ADMIN", "CAP_SYS_TIME", "ALL");
    assertThat(s.dropCapabilities()).containsExactly("CAP_CHOWN");
    assertThatThrownBy(() -> new ContainerSecurity(List.of("bad-cap"), List.of(), false, false, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourcesDefaultThePeriodAndRejectNonsense() {
    assertThat(new Resources(0, 50_000, 0, 0, 0, null).cpuPeriodMicros()).isEqualTo(100_000);
    assertThatThrownBy(() -> new Resources(0, 0, 0, -1, 0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Resources(0, 0, 0, 0, 0, 1001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortMapping.tcp(0, 80)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContainerMount.bind(Path.of("/a"), "rel", false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void filtersMatchSandboxStateAndLabels() {
    SandboxId s = SandboxId.of("u", 0);
    ContainerStatus st = new ContainerStatus(ContainerId.of(s, "a", 0), s, "a", 0, "img", ContainerState.RUNNING, 1, 0, Instant.EPOCH, null,
        null, "", "", null, Map.of("app", "web", "tier", "1"));
    assertThat(ContainerFilter.all().matches(st)).isTrue();
    assertThat(ContainerFilter.inSandbox(s).matches(st)).isTrue();
    assertThat(ContainerFilter.inSandbox(SandboxId.of("u", 1)).matches(st)).isFalse();
    assertThat(new ContainerFilter(null, ContainerState.EXITED, Map.of()).matches(st)).isFalse();
    assertThat(new ContainerFilter(null, null, Map.of("app", "web")).matches(st)).isTrue();
    assertThat(new ContainerFilter(null, null, Map.of("app", "db")).matches(st)).isFalse();
  }
}

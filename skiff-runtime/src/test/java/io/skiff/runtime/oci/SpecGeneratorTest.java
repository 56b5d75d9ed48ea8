package io.skiff.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerMount;
import io.skiff.runtime.ContainerSecurity;
import io.skiff.runtime.EnvVar;
import io.skiff.runtime.ProcessUser;
import io.skiff.runtime.Resources;
import io.skiff.runtime.Rootfs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpecGeneratorTest {
  private final SpecGenerator specs = new SpecGenerator(new CapabilitySet(40));
  private final PodFiles files = new PodFiles(Path.of("/r/s/shm"), Path.of("/r/s/hosts"), Path.of("/r/s/resolv.conf"), Path.of("/r/s/hostname"));
  private final ContainerConfig base = ContainerConfig.of("app", new Rootfs.Prepared(Path.of("/img")), List.of("/bin/app", "-v"));

  private static Map<String, String> namespaces(OciSpec spec) {
    return spec.linux().namespaces().stream().collect(Collectors.toMap(OciSpec.Namespace::type, n -> n.path() == null ? "new" : n.path()));
  }

  @Test
  void pauseOwnsPidIpcUtsAndMountAndJoinsThePodNetnsByPath() {
    OciSpec spec = specs.pause(Path.of("/pause"), "web-0", Path.of("/r/netns/x"), "/skiff/pod1/x", -998);
    assertThat(namespaces(spec)).containsExactlyInAnyOrderEntriesOf(Map.of("pid", "new", "ipc", "new", "uts", "new", "mount", "new", "network", "/r/netns/x"));
    assertThat(spec.process().args()).containsExactly("/catatonit", "-P");
    assertThat(spec.hostname()).isEqualTo("web-0");
    assertThat(spec.root().readonly()).isTrue();
    assertThat(spec.process().oomScoreAdj()).isEqualTo(-998);
    assertThat(spec.linux().cgroupsPath()).isEqualTo("/skiff/pod1/x");
  }

  @Test
  void aHostNetworkPauseKeepsTheHostsNetworkAndUts() {
    OciSpec spec = specs.pause(Path.of("/pause"), "node", null, "/skiff/pod1/x", null);
    assertThat(namespaces(spec)).containsOnlyKeys("pid", "ipc", "mount");
    assertThat(spec.hostname()).isNull();
  }

  @Test
  void aContainerJoinsThePausesNamespacesThroughProc() {
    OciSpec spec = specs.container(base, Path.of("/img"), new PodNamespaces(4242, false, false), files, "web-0", "/skiff/pod1/c");
    assertThat(namespaces(spec)).containsExactlyInAnyOrderEntriesOf(Map.of("pid", "new", "mount", "new", "ipc", "/proc/4242/ns/ipc",
        "uts", "/proc/4242/ns/uts", "network", "/proc/4242/ns/net"));
    assertThat(spec.hostname()).as("the UTS namespace is joined, not named").isNull();
  }

  @Test
  void sharingTheProcessNamespaceJoinsThePausesPidNamespace() {
    OciSpec spec = specs.container(base, Path.of("/img"), new PodNamespaces(4242, false, true), files, "web-0", "/c");
    assertThat(namespaces(spec)).containsEntry("pid", "/proc/4242/ns/pid");
  }

  @Test
  void withHostNetworkAContainerJoinsNoNetworkOrUtsNamespace() {
    OciSpec spec = specs.container(base, Path.of("/img"), new PodNamespaces(4242, true, false), files, "node", "/c");
    assertThat(namespaces(spec)).doesNotContainKeys("network", "uts");
  }

  @Test
  void defaultMountsFollowContainerdAndShareThePodsShmAndEtcFiles() {
    OciSpec spec = specs.container(base, Path.of("/img"), new PodNamespaces(1, false, false), files, "h", "/c");
    Map<String, OciSpec.Mount> byDest = spec.mounts().stream().collect(Collectors.toMap(OciSpec.Mount::destination, m -> m));
    assertThat(byDest).containsKeys("/proc", "/dev", "/dev/pts", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/dev/shm", "/etc/hosts",
        "/etc/resolv.conf", "/etc/hostname");
    assertThat(byDest.get("/dev/shm").source()).isEqualTo("/r/s/shm");
    assertThat(byDest.get("/etc/hosts").source()).isEqualTo("/r/s/hosts");
    assertThat(byDest.get("/sys").options()).contains("ro");
    assertThat(spec.linux().maskedPaths()).contains("/proc/kcore", "/sys/firmware");
    assertThat(spec.linux().readonlyPaths()).contains("/proc/sys", "/proc/sysrq-trigger");
    assertThat(spec.process().rlimits()).containsExactly(new OciSpec.Rlimit("RLIMIT_NOFILE", 1024, 1024));
  }

  @Test
  void userMountsComeAfterTheDefaultsAndReplaceOneAtTheSameDestination() {
    ContainerConfig cfg = base.withMounts(List.of(ContainerMount.bind(Path.of("/vol/hosts"), "/etc/hosts", true),
        ContainerMount.tmpfs("/cache", 1024), ContainerMount.bind(Path.of("/vol/data"), "/data", false)));
    List<OciSpec.Mount> mounts = specs.container(cfg, Path.of("/img"), new PodNamespaces(1, false, false), files, "h", "/c").mounts();
    assertThat(mounts.stream().filter(m -> m.destination().equals("/etc/hosts"))).singleElement()
        .satisfies(m -> assertThat(m.source()).isEqualTo("/vol/hosts")).satisfies(m -> assertThat(m.options()).contains("ro"));
    OciSpec.Mount tmpfs = mounts.stream().filter(m -> m.destination().equals("/cache")).findFirst().orElseThrow();
    assertThat(tmpfs.type()).isEqualTo("tmpfs");
    assertThat(tmpfs.options()).contains("size=1024");
    assertThat(mounts.get(mounts.size() - 1).destination()).isEqualTo("/data");
    assertThat(mounts.get(mounts.size() - 1).options()).contains("rbind", "rw");
  }

  @Test
  void privilegedGetsEveryCapabilityNoMaskedPathsWritableSysAndAllDevices() {
    ContainerConfig cfg = base.withSecurity(new ContainerSecurity(List.of(), List.of(), true, false, false));
    OciSpec spec = specs.container(cfg, Path.of("/img"), new PodNamespaces(1, false, false), files, "h", "/c");
    assertThat(spec.process().capabilities().bounding()).hasSize(41).contains("CAP_SYS_ADMIN");
    assertThat(spec.linux().maskedPaths()).isEmpty();
    assertThat(spec.linux().readonlyPaths()).isEmpty();
    assertThat(spec.linux().resources().devices()).containsExactly(new OciSpec.DeviceRule(true, null, null, null, "rwm"));
    assertThat(spec.mounts().stream().filter(m -> m.destination().equals("/sys")).findFirst().orElseThrow().options()).contains("rw");
  }

  @Test
  void readOnlyRootAndNoNewPrivilegesAndUserCarryOver() {
    ContainerConfig cfg = base.withSecurity(new ContainerSecurity(List.of(), List.of(), false, true, true))
        .withUser(new ProcessUser(1000, 2000, List.of(3000L))).withWorkingDir("/work");
    OciSpec spec = specs.container(cfg, Path.of("/img"), new PodNamespaces(1, false, false), files, "h", "/c");
    assertThat(spec.root().readonly()).isTrue();
    assertThat(spec.process().noNewPrivileges()).isTrue();
    assertThat(spec.process().user()).isEqualTo(new OciSpec.User(1000, 2000, List.of(3000L)));
    assertThat(spec.process().cwd()).isEqualTo("/work");
    assertThat(spec.mounts().stream().filter(m -> m.destination().equals("/etc/resolv.conf")).findFirst().orElseThrow().options()).contains("ro");
  }

  @Test
  void resourcesBecomeCgroupLimitsWithoutSwap() {
    ContainerConfig cfg = base.withResources(new Resources(512, 50_000, 0, 64L << 20, 100, 500));
    OciSpec.Resources r = specs.container(cfg, Path.of("/img"), new PodNamespaces(1, false, false), files, "h", "/c").linux().resources();
    assertThat(r.memory()).isEqualTo(new OciSpec.Memory(64L << 20, 64L << 20));
    assertThat(r.cpu()).isEqualTo(new OciSpec.Cpu(512L, 50_000L, 100_000L));
    assertThat(r.pids()).isEqualTo(new OciSpec.Pids(100));
    assertThat(r.devices()).containsExactly(new OciSpec.DeviceRule(false, null, null, null, "rwm"));
  }

  @Test
  void environmentGetsPathAndHostnameUnlessGiven() {
    assertThat(SpecGenerator.environment(List.of(new EnvVar("A", "1")), "web-0"))
        .containsExactly("PATH=" + SpecGenerator.DEFAULT_PATH, "HOSTNAME=web-0", "A=1");
    assertThat(SpecGenerator.environment(List.of(new EnvVar("PATH", "/x"), new EnvVar("HOSTNAME", "y")), "web-0"))
        .containsExactly("PATH=/x", "HOSTNAME=y");
  }

  @Test
  void serializesWithTheSpecsFieldNamesAndWithoutNulls() throws Exception {
    OciSpec spec = specs.container(base, Path.of("/img"), new PodNamespaces(7, false, false), files, "h", "/skiff/p/c");
    JsonNode json = new ObjectMapper().valueToTree(spec);
    assertThat(json.path("ociVersion").asText()).isEqualTo("1.0.2");
    assertThat(json.path("linux").path("cgroupsPath").asText()).isEqualTo("/skiff/p/c");
    assertThat(json.path("process").path("noNewPrivileges").isBoolean()).isTrue();
    assertThat(json.path("process").has("oomScoreAdj")).isFalse();
    assertThat(json.path("linux").path("namespaces").get(0).has("path")).isFalse();
    assertThat(json.path("root").path("path").asText()).isEqualTo("/img");
  }

  @Test
  void podNamespacesPinnedOnFilesAreJoinedByPathWithoutThePause() {
    ContainerConfig base = ContainerConfig.of("app", new io.skiff.runtime.Rootfs.Prepared(Path.of("/img")), java.util.List.of("/bin/true"));
    var pinned = java.util.Map.of("net", Path.of("/r/netns/x"), "ipc", Path.of("/r/s/x/ns/ipc"), "uts", Path.of("/r/s/x/ns/uts"));
    OciSpec spec = specs.container(base, Path.of("/img"), new PodNamespaces(0, false, false, pinned), files, "h", "/c");
    assertThat(spec.linux().namespaces()).extracting(OciSpec.Namespace::type, OciSpec.Namespace::path).containsExactly(
        org.assertj.core.groups.Tuple.tuple("pid", null), org.assertj.core.groups.Tuple.tuple("ipc", "/r/s/x/ns/ipc"),
        org.assertj.core.groups.Tuple.tuple("uts", "/r/s/x/ns/uts"), org.assertj.core.groups.Tuple.tuple("network", "/r/netns/x"),
        org.assertj.core.groups.Tuple.tuple("mount", null));
    OciSpec pause = specs.pause(Path.of("/pause"), "web-0", Path.of("/r/netns/x"), pinned, "/skiff/pod1/x", null);
    assertThat(pause.linux().namespaces()).extracting(OciSpec.Namespace::type, OciSpec.Namespace::path).contains(
        org.assertj.core.groups.Tuple.tuple("pid", null), org.assertj.core.groups.Tuple.tuple("ipc", "/r/s/x/ns/ipc"),
        org.assertj.core.groups.Tuple.tuple("uts", "/r/s/x/ns/uts"));
  }

  @Test
  void sharingThePausesProcessNamespaceNeedsItsPid() {
    var pinned = java.util.Map.of("net", Path.of("/n"), "ipc", Path.of("/i"), "uts", Path.of("/u"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PodNamespaces(0, false, true, pinned)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new PodNamespaces(9, false, true, pinned).path("pid")).isEqualTo("/proc/9/ns/pid");
  }
}

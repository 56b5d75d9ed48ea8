package io.skiff.runtime.oci;

import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerMount;
import io.skiff.runtime.EnvVar;
import io.skiff.runtime.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds OCI specs: the pause process that owns a pod's namespaces, and containers that join them. The defaults
 * follow containerd's (mounts, masked and read-only paths, capabilities, {@code RLIMIT_NOFILE} 1024:1024).
 */
public final class SpecGenerator {

  /** The PATH a container gets when its environment has none (containerd's default). */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  static final List<String> MASKED_PATHS = List.of(
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi");

  static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private static final List<OciSpec.Rlimit> RLIMITS = List.of(new OciSpec.Rlimit("RLIMIT_NOFILE", 1024, 1024));

  private final CapabilitySet capabilities;

  public SpecGenerator(CapabilitySet capabilities) {
    this.capabilities = capabilities;
  }

  /**
   * The pause process: {@code /catatonit -P} on a read-only root, owning new PID, IPC, UTS and mount namespaces and
   * joining the pod's network namespace by path (or the host's with {@code netnsPath == null}).
   *
   * @param rootfs      the sandbox image's root directory
   * @param hostname    the pod's hostname; ignored with host network
   * @param netnsPath   the pod's network namespace file, or {@code null} for host network (which also keeps the host's UTS)
   * @param cgroupsPath the pause's cgroupfs path
   * @param oomScoreAdj the pause's oom_score_adj (the kubelet uses -998), or {@code null} to inherit
   */
  public OciSpec pause(Path rootfs, String hostname, Path netnsPath, String cgroupsPath, Integer oomScoreAdj) {
    return pause(rootfs, hostname, netnsPath, Map.of(), cgroupsPath, oomScoreAdj);
  }

  /** The pause, joining the pod's pinned IPC and UTS namespaces ({@code pinned} by kind) instead of making new ones. */
  public OciSpec pause(Path rootfs, String hostname, Path netnsPath, Map<String, Path> pinned, String cgroupsPath, Integer oomScoreAdj) {
    boolean hostNetwork = netnsPath == null;
    List<OciSpec.Namespace> ns = new ArrayList<>();
    ns.add(new OciSpec.Namespace("pid", null));
    ns.add(new OciSpec.Namespace("ipc", pinned.containsKey("ipc") ? pinned.get("ipc").toString() : null));
    if (!hostNetwork) {
      ns.add(new OciSpec.Namespace("uts", pinned.containsKey("uts") ? pinned.get("uts").toString() : null));
      ns.add(new OciSpec.Namespace("network", netnsPath.toString()));
    }
    ns.add(new OciSpec.Namespace("mount", null));
    OciSpec.Process process = new OciSpec.Process(false, new OciSpec.User(0, 0, null), List.of("/catatonit", "-P"),
        List.of("PATH=" + DEFAULT_PATH), "/", OciSpec.Capabilities.of(List.of()), RLIMITS, true, oomScoreAdj);
    List<OciSpec.Mount> mounts = List.of(
        new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new OciSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
    OciSpec.Linux linux = new OciSpec.Linux(ns, new OciSpec.Resources(denyAllDevices(), null, new OciSpec.Cpu(2L, null, null), null),
        cgroupsPath, MASKED_PATHS, READONLY_PATHS);
    return new OciSpec(OciSpec.VERSION, process, new OciSpec.Root(rootfs.toString(), true), hostNetwork ? null : hostname,
        mounts, linux, Map.of());
  }

  /**
   * A container of the pod: its own mount namespace (and PID namespace unless the pod shares it), joining the pod's
   * network, IPC and UTS namespaces (pinned files, or the pause's through {@code /proc/<pausePid>/ns/…}).
   *
   * @param config      what the caller asked for
   * @param rootfs      the container's root directory (already mounted when it is an overlay)
   * @param pod         the pause to join
   * @param files       the pod's shared /dev/shm and its hosts, resolv.conf and hostname files
   * @param hostname    the pod's hostname, for the {@code HOSTNAME} variable
   * @param cgroupsPath the container's cgroupfs path
   */
  public OciSpec container(ContainerConfig config, Path rootfs, PodNamespaces pod, PodFiles files, String hostname, String cgroupsPath) {
    boolean privileged = config.security().privileged();
    List<OciSpec.Namespace> ns = new ArrayList<>();
    ns.add(pod.shareProcessNamespace() ? new OciSpec.Namespace("pid", pod.path("pid")) : new OciSpec.Namespace("pid", null));
    ns.add(new OciSpec.Namespace("ipc", pod.path("ipc")));
    if (!pod.hostNetwork()) {
      ns.add(new OciSpec.Namespace("uts", pod.path("uts")));
      ns.add(new OciSpec.Namespace("network", pod.path("net")));
    }
    ns.add(new OciSpec.Namespace("mount", null));

    List<String> caps = capabilities.resolve(config.security());
    OciSpec.Process process = new OciSpec.Process(
        config.tty(),
        new OciSpec.User(config.user().uid(), config.user().gid(), config.user().additionalGids().isEmpty() ? null : config.user().additionalGids()),
        config.argv(),
        environment(config.env(), hostname),
        config.workingDir(),
        OciSpec.Capabilities.of(caps),
        RLIMITS,
        config.security().noNewPrivileges(),
        config.resources().oomScoreAdj());

    OciSpec.Linux linux = new OciSpec.Linux(ns, resources(config.resources(), privileged), cgroupsPath,
        privileged ? List.of() : MASKED_PATHS, privileged ? List.of() : READONLY_PATHS);
    return new OciSpec(OciSpec.VERSION, process, new OciSpec.Root(rootfs.toString(), config.security().readOnlyRootFilesystem()),
        null, mounts(config, files), linux, Map.of());
  }

  static List<String> environment(List<EnvVar> env, String hostname) {
    List<String> out = new ArrayList<>();
    Set<String> names = env.stream().map(EnvVar::name).collect(Collectors.toSet());
    if (!names.contains("PATH")) {
      out.add("PATH=" + DEFAULT_PATH);
    }
    if (!names.contains("HOSTNAME")) {
      out.add("HOSTNAME=" + hostname);
    }
    env.forEach(e -> out.add(e.entry()));
    return out;
  }

  static List<OciSpec.Mount> mounts(ContainerConfig config, PodFiles files) {
    boolean privileged = config.security().privileged();
    String sysMode = privileged ? "rw" : "ro";
    String podFileMode = config.security().readOnlyRootFilesystem() ? "ro" : "rw";
    List<OciSpec.Mount> defaults = List.of(
        new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new OciSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new OciSpec.Mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        new OciSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
        new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", sysMode)),
        new OciSpec.Mount("/dev/shm", "bind", files.shm().toString(), List.of("rbind", "nosuid", "nodev", "noexec")),
        new OciSpec.Mount("/etc/hostname", "bind", files.hostname().toString(), List.of("rbind", "rprivate", podFileMode)),
        new OciSpec.Mount("/etc/hosts", "bind", files.hosts().toString(), List.of("rbind", "rprivate", podFileMode)),
        new OciSpec.Mount("/etc/resolv.conf", "bind", files.resolvConf().toString(), List.of("rbind", "rprivate", podFileMode)));
    Set<String> userDestinations = config.mounts().stream().map(ContainerMount::destination).collect(Collectors.toSet());
    List<OciSpec.Mount> out = new ArrayList<>();
    for (OciSpec.Mount m : defaults) {
      if (!userDestinations.contains(m.destination())) {
        out.add(m);
      }
    }
    for (ContainerMount m : config.mounts()) {
      out.add(switch (m.type()) {
        case BIND -> new OciSpec.Mount(m.destination(), "bind", m.source().toString(), List.of("rbind", "rprivate", m.readOnly() ? "ro" : "rw"));
        case TMPFS -> {
          List<String> opts = new ArrayList<>(List.of("nosuid", "nodev", "mode=1777"));
          if (m.tmpfsSizeBytes() > 0) {
            opts.add("size=" + m.tmpfsSizeBytes());
          }
          opts.add(m.readOnly() ? "ro" : "rw");
          yield new OciSpec.Mount(m.destination(), "tmpfs", "tmpfs", opts);
        }
      });
    }
    return out;
  }

  static OciSpec.Resources resources(Resources r, boolean privileged) {
    List<OciSpec.DeviceRule> devices = privileged
        ? List.of(new OciSpec.DeviceRule(true, null, null, null, "rwm"))
        : denyAllDevices();
    OciSpec.Memory memory = r.memoryLimitBytes() > 0 ? new OciSpec.Memory(r.memoryLimitBytes(), r.memoryLimitBytes()) : null;
    OciSpec.Cpu cpu = r.cpuShares() > 0 || r.cpuQuotaMicros() > 0
        ? new OciSpec.Cpu(r.cpuShares() > 0 ? r.cpuShares() : null, r.cpuQuotaMicros() > 0 ? r.cpuQuotaMicros() : null,
            r.cpuQuotaMicros() > 0 ? r.cpuPeriodMicros() : null)
        : null;
    OciSpec.Pids pids = r.pidsLimit() > 0 ? new OciSpec.Pids(r.pidsLimit()) : null;
    return new OciSpec.Resources(devices, memory, cpu, pids);
  }

  /** Deny every device; runc then allows its standard set (null, zero, full, tty, random, urandom, ptmx, pts). */
  private static List<OciSpec.DeviceRule> denyAllDevices() {
    return List.of(new OciSpec.DeviceRule(false, null, null, null, "rwm"));
  }
}

package io.skiff.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a container needs, fully resolved by the caller (entrypoint and command combined, environment expanded, user
 * numeric). Start from {@link #of(String, Rootfs, List)} and refine with the {@code with…} methods.
 *
 * @param name       the container's name in the pod, a DNS label
 * @param attempt    the restart count; with the name and the sandbox it determines the {@link ContainerId}
 * @param image      the image reference, only reported back in the status
 * @param rootfs     where the root filesystem comes from
 * @param argv       the process's argv; argv[0] is resolved against PATH inside the container
 * @param env        the environment; {@code PATH} and {@code HOSTNAME} are added when missing
 * @param workingDir the working directory, {@code /} when empty
 * @param user       the uid, gid and supplementary groups
 * @param mounts     bind and tmpfs mounts (volumes), after the default ones
 * @param resources  cgroup limits
 * @param security   capabilities and privilege switches
 * @param logPath    where conmon writes the CRI-format log; its directory is created; {@code null} keeps it in the bundle
 * @param tty        allocate a terminal (stdout and stderr are then one stream)
 * @param stdin      keep a stdin open for the process (attachments write to it)
 * @param stdinOnce  close the process's stdin when the first attachment's input ends (without a terminal; Kubernetes'
 *                   {@code stdinOnce})
 * @param labels     labels kept with the container, for listing
 */
public record ContainerConfig(
    String name,
    int attempt,
    String image,
    Rootfs rootfs,
    List<String> argv,
    List<EnvVar> env,
    String workingDir,
    ProcessUser user,
    List<ContainerMount> mounts,
    Resources resources,
    ContainerSecurity security,
    Path logPath,
    boolean tty,
    boolean stdin,
    boolean stdinOnce,
    Map<String, String> labels) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ContainerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rootfs, "rootfs");
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new IllegalArgumentException("a container name must be a DNS label: " + name);
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative: " + attempt);
    }
    image = image == null ? "" : image;
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a container needs a command (argv is empty)");
    }
    env = List.copyOf(env == null ? List.of() : env);
    workingDir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
    if (!workingDir.startsWith("/")) {
      throw new IllegalArgumentException("the working directory must be absolute: " + workingDir);
    }
    user = user == null ? ProcessUser.ROOT : user;
    mounts = List.copyOf(mounts == null ? List.of() : mounts);
    resources = resources == null ? Resources.NONE : resources;
    security = security == null ? ContainerSecurity.DEFAULT : security;
    if (logPath != null && !logPath.isAbsolute()) {
      throw new IllegalArgumentException("the log path must be absolute: " + logPath);
    }
    labels = Map.copyOf(labels == null ? Map.of() : labels);
  }

  /** A container with defaults: attempt 0, root user, no mounts or limits, default capabilities. */
  public static ContainerConfig of(String name, Rootfs rootfs, List<String> argv) {
    return new ContainerConfig(name, 0, "", rootfs, argv, List.of(), "/", ProcessUser.ROOT, List.of(), Resources.NONE, ContainerSecurity.DEFAULT, null, false, false, false, Map.of());
  }

  public ContainerConfig withAttempt(int value) {
    return new ContainerConfig(name, value, image, rootfs, argv, env, workingDir, user, mounts, resources, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withImage(String value) {
    return new ContainerConfig(name, attempt, value, rootfs, argv, env, workingDir, user, mounts, resources, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withEnv(List<EnvVar> value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, value, workingDir, user, mounts, resources, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withWorkingDir(String value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, value, user, mounts, resources, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withUser(ProcessUser value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, value, mounts, resources, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withMounts(List<ContainerMount> value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, user, value, resources, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withResources(Resources value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, user, mounts, value, security, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withSecurity(ContainerSecurity value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, user, mounts, resources, value, logPath, tty, stdin, stdinOnce, labels);
  }

  public ContainerConfig withLogPath(Path value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, user, mounts, resources, security, value, tty, stdin, stdinOnce, labels);
  }

  /** A terminal, a stdin kept open, and whether the stdin closes when the first attachment's input ends. */
  public ContainerConfig withStdio(boolean ttyValue, boolean stdinValue, boolean stdinOnceValue) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, user, mounts, resources, security, logPath, ttyValue, stdinValue,
        stdinOnceValue, labels);
  }

  public ContainerConfig withLabels(Map<String, String> value) {
    return new ContainerConfig(name, attempt, image, rootfs, argv, env, workingDir, user, mounts, resources, security, logPath, tty, stdin, stdinOnce, value);
  }
}

package io.skiff.images.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runtime needs from an image's configuration blob: the process defaults ({@code Entrypoint}, {@code Cmd},
 * {@code Env}, {@code WorkingDir}, {@code User}), labels, exposed ports, volumes, stop signal, the platform and the
 * uncompressed layer digests ({@code rootfs.diff_ids}, lowest first).
 */
public record ImageConfig(
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    String workingDir,
    String user,
    Map<String, String> labels,
    List<String> exposedPorts,
    List<String> volumes,
    String stopSignal,
    String os,
    String architecture,
    String variant,
    List<Digest> diffIds) {

  public ImageConfig {
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
    workingDir = workingDir == null ? "" : workingDir;
    user = user == null ? "" : user;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    stopSignal = stopSignal == null ? "" : stopSignal;
    os = os == null ? "" : os;
    architecture = architecture == null ? "" : architecture;
    variant = variant == null ? "" : variant;
    diffIds = List.copyOf(Objects.requireNonNull(diffIds, "diffIds"));
  }

  /** The platform the config declares. */
  public Platform platform() {
    return new Platform(os.isEmpty() ? "linux" : os, architecture.isEmpty() ? "unknown" : architecture, variant);
  }
}

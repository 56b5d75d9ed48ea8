package io.skiff.runtime.oci;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The per-pod files every container of the pod gets: its /dev/shm (a tmpfs shared by the pod) and its hosts,
 * resolv.conf and hostname files.
 */
public record PodFiles(Path shm, Path hosts, Path resolvConf, Path hostname) {
  public PodFiles {
    Objects.requireNonNull(shm, "shm");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(resolvConf, "resolvConf");
    Objects.requireNonNull(hostname, "hostname");
  }
}

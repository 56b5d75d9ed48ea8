package io.skiff.runtime;

import java.util.Objects;

/**
 * What runs the containers.
 *
 * @param name    the runtime's name, e.g. {@code runc}
 * @param version its version as it reports it, e.g. {@code 1.1.5+ds1}
 */
public record RuntimeInfo(String name, String version) {
  public RuntimeInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /** The form Kubernetes shows in {@code nodeInfo.containerRuntimeVersion}: {@code runc://1.1.5+ds1}. */
  public String nodeInfoString() {
    return name + "://" + version;
  }
}

package io.skiff.runtime;

import java.util.Objects;

/** One environment variable of a container's process, already expanded. */
public record EnvVar(String name, String value) {
  public EnvVar {
    Objects.requireNonNull(name, "name");
    value = value == null ? "" : value;
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an environment variable name must be non-empty and free of '=': " + name);
    }
  }

  /** The {@code NAME=value} form the OCI spec and the kernel use. */
  public String entry() {
    return name + "=" + value;
  }
}

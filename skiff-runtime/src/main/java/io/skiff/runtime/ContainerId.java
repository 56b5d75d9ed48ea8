package io.skiff.runtime;

import java.util.Objects;

/**
 * A container's id: 32 lowercase hex digits, derived from its sandbox, its name and its attempt (restart count) so
 * that repeating {@code createContainer} after a crash finds the same container instead of starting a second one.
 */
public record ContainerId(String value) {
  public ContainerId {
    Objects.requireNonNull(value, "value");
    if (!SandboxId.HEX32.matcher(value).matches()) {
      throw new IllegalArgumentException("a container id is 32 lowercase hex digits: " + value);
    }
  }

  /** The id of the given attempt of the named container in the sandbox. */
  public static ContainerId of(SandboxId sandbox, String name, int attempt) {
    return new ContainerId(SandboxId.digest("container", sandbox.value(), name, Integer.toString(attempt)));
  }

  @Override
  public String toString() {
    return value;
  }
}

package io.skiff.runtime;

import java.util.Map;

/**
 * Which containers {@link ContainerManager#listContainers} returns; a {@code null} field matches everything.
 *
 * @param sandboxId only containers of this sandbox
 * @param state     only containers in this state
 * @param labels    only containers carrying all these labels
 */
public record ContainerFilter(SandboxId sandboxId, ContainerState state, Map<String, String> labels) {
  public ContainerFilter {
    labels = Map.copyOf(labels == null ? Map.of() : labels);
  }

  public static ContainerFilter all() {
    return new ContainerFilter(null, null, Map.of());
  }

  public static ContainerFilter inSandbox(SandboxId id) {
    return new ContainerFilter(id, null, Map.of());
  }

  /** Whether the status passes this filter. */
  public boolean matches(ContainerStatus s) {
    return (sandboxId == null || sandboxId.equals(s.sandboxId()))
        && (state == null || state == s.state())
        && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey())));
  }
}

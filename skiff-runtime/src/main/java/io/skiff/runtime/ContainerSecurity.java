package io.skiff.runtime;

import java.util.List;
import java.util.Locale;

/**
 * A container's privileges. Capabilities are named as Kubernetes names them ({@code NET_ADMIN}; {@code CAP_NET_ADMIN}
 * is accepted too, and {@code ALL}); they are added to and dropped from containerd's default set.
 *
 * @param addCapabilities        capabilities added to the default set
 * @param dropCapabilities       capabilities dropped from it ({@code ALL} drops all, then the added ones remain)
 * @param privileged             all capabilities, no masked paths, writable /sys and every device allowed
 * @param readOnlyRootFilesystem mount the root filesystem read-only
 * @param noNewPrivileges        set no_new_privs (Kubernetes' {@code allowPrivilegeEscalation: false})
 */
public record ContainerSecurity(List<String> addCapabilities, List<String> dropCapabilities, boolean privileged, boolean readOnlyRootFilesystem, boolean noNewPrivileges) {
  public static final ContainerSecurity DEFAULT = new ContainerSecurity(List.of(), List.of(), false, false, false);

  public ContainerSecurity {
    addCapabilities = normalize(addCapabilities);
    dropCapabilities = normalize(dropCapabilities);
  }

  private static List<String> normalize(List<String> caps) {
    if (caps == null) {
      return List.of();
    }
    return caps.stream().map(c -> {
      String u = c.trim().toUpperCase(Locale.ROOT);
      if (u.equals("ALL")) {
        return u;
      }
      String name = u.startsWith("CAP_") ? u : "CAP_" + u;
      if (!name.matches("CAP_[A-Z_]+")) {
        throw new IllegalArgumentException("not a capability name: " + c);
      }
      return name;
    }).toList();
  }
}

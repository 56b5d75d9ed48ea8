package io.skiff.runtime.oci;

import io.skiff.runtime.ContainerSecurity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Linux capabilities: containerd's default set for containers, every capability this kernel knows, and the
 * Kubernetes rule for adding and dropping ({@code ALL} in drop empties the set, then the named adds come back).
 */
public final class CapabilitySet {

  /** containerd's default capabilities for an unprivileged container. */
  public static final List<String> DEFAULT = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

  /** Capability names by number, as in linux/capability.h. */
  private static final List<String> BY_NUMBER = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
      "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
      "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
      "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
      "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
      "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  private final List<String> all;

  /** @param lastCap the highest capability number the kernel knows ({@code /proc/sys/kernel/cap_last_cap}) */
  public CapabilitySet(int lastCap) {
    this.all = BY_NUMBER.subList(0, Math.min(lastCap, BY_NUMBER.size() - 1) + 1);
  }

  /** Every capability the kernel knows. */
  public List<String> all() {
    return all;
  }

  /** The capabilities a container with this security context gets. */
  public List<String> resolve(ContainerSecurity security) {
    if (security.privileged()) {
      return all;
    }
    Set<String> caps = new LinkedHashSet<>(DEFAULT);
    if (security.addCapabilities().contains("ALL")) {
      caps.addAll(all);
    }
    if (security.dropCapabilities().contains("ALL")) {
      caps.clear();
    }
    for (String add : security.addCapabilities()) {
      if (!add.equals("ALL")) {
        caps.add(add);
      }
    }
    for (String drop : security.dropCapabilities()) {
      caps.remove(drop);
    }
    return new ArrayList<>(caps);
  }
}

package io.skiff.runtime.oci;

import java.nio.file.Path;
import java.util.Map;

/**
 * The pod namespaces a container joins: pinned on files ({@code net}, {@code ipc}, {@code uts}) where the sandbox
 * has them, else the pause process's ({@code /proc/<pausePid>/ns/…}, always for a shared PID namespace).
 *
 * @param pausePid              the pause's host PID; 0 when every namespace to join is pinned
 * @param hostNetwork           the pod uses the host's network and UTS namespaces
 * @param shareProcessNamespace the container joins the pause's PID namespace instead of getting its own
 * @param pinned                namespace files by kind
 */
public record PodNamespaces(long pausePid, boolean hostNetwork, boolean shareProcessNamespace, Map<String, Path> pinned) {
  public PodNamespaces {
    pinned = Map.copyOf(pinned);
    boolean needsPause = shareProcessNamespace || !pinned.containsKey("ipc") || (!hostNetwork && !(pinned.containsKey("uts") && pinned.containsKey("net")));
    if (needsPause && pausePid <= 0) {
      throw new IllegalArgumentException("the pause PID must be positive: " + pausePid);
    }
  }

  /** Every namespace through the pause process. */
  public PodNamespaces(long pausePid, boolean hostNetwork, boolean shareProcessNamespace) {
    this(pausePid, hostNetwork, shareProcessNamespace, Map.of());
  }

  /** The pinned file of this kind, else {@code /proc/<pausePid>/ns/<kind>}. */
  public String path(String kind) {
    Path p = pinned.get(kind);
    return p != null ? p.toString() : "/proc/" + pausePid + "/ns/" + kind;
  }
}

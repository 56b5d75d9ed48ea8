package io.skiff.runtime.oci;

/**
 * The pause process whose namespaces a container joins.
 *
 * @param pausePid             the pause's host PID
 * @param hostNetwork          the pod uses the host's network and UTS namespaces
 * @param shareProcessNamespace the container joins the pause's PID namespace instead of getting its own
 */
public record PodNamespaces(long pausePid, boolean hostNetwork, boolean shareProcessNamespace) {
  public PodNamespaces {
    if (pausePid <= 0) {
      throw new IllegalArgumentException("the pause PID must be positive: " + pausePid);
    }
  }

  /** {@code /proc/<pausePid>/ns/<kind>} */
  public String path(String kind) {
    return "/proc/" + pausePid + "/ns/" + kind;
  }
}

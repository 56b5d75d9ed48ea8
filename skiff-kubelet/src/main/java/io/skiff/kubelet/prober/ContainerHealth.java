package io.skiff.kubelet.prober;

/**
 * What the probes say about one running container instance, for the status and the planner. A container without the
 * probe in question passes it: without a startup probe it is started, without a readiness probe it is ready once
 * started (the behaviour before probes existed: running means ready).
 */
public interface ContainerHealth {

  /** No probes at all: every running container is started and ready, none failed. */
  ContainerHealth NONE = new ContainerHealth() {
    @Override
    public boolean started(String podUid, String container, String containerId) {
      return true;
    }

    @Override
    public boolean ready(String podUid, String container, String containerId) {
      return true;
    }

    @Override
    public boolean failed(ProbeType type, String containerId) {
      return false;
    }
  };

  /** Whether the instance passed its startup probe, or has none. */
  boolean started(String podUid, String container, String containerId);

  /** Whether the instance's readiness probe last passed, or it has none. */
  boolean ready(String podUid, String container, String containerId);

  /** Whether the instance's liveness or startup probe failed (it must be killed). */
  boolean failed(ProbeType type, String containerId);
}

package io.skiff.controllers.nodelifecycle;

/** The health of one zone, as Kubernetes' node lifecycle controller computes it from the Ready conditions of its nodes. */
enum ZoneState {
  NORMAL,
  /** More than two nodes and at least the unhealthy threshold of them not ready. */
  PARTIAL_DISRUPTION,
  /** Not a single node ready. */
  FULL_DISRUPTION;

  static ZoneState of(int ready, int notReady, double unhealthyThreshold) {
    if (ready == 0 && notReady > 0) {
      return FULL_DISRUPTION;
    }
    if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
      return PARTIAL_DISRUPTION;
    }
    return NORMAL;
  }
}

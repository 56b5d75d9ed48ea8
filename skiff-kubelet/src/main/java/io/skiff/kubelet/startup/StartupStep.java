package io.skiff.kubelet.startup;

/** A step of a pod's start that the agent timestamps for the DEBUG trace, in the order it usually happens. */
public enum StartupStep {
  /** The agent's informer delivered the pod bound to this node. */
  INFORMER_ADDED("informerAdded"),
  /** The runtime reported a change of one of the pod's containers (detail: the lifecycle event's kind). */
  RUNTIME_EVENT("runtimeEvent"),
  /** The pod's worker began a sync. */
  SYNC_BEGAN("syncBegan"),
  /** A status differing from the last one was handed to the status manager (detail: its phase). */
  STATUS_HANDED("statusHanded"),
  /** The status manager sent a status PATCH (detail: the phase it carries). */
  PATCH_SENT("patchSent"),
  /** The API server answered that PATCH. */
  PATCH_ANSWERED("patchAnswered"),
  /** The pod's volumes were set up (or found set up) by a sync. */
  VOLUMES_READY("volumesReady"),
  /** The runtime answered that the sandbox (and the containers created with it) is ready. */
  SANDBOX_READY("sandboxReady"),
  /** A container's image is present as its pull policy wants (detail: the container's name). */
  IMAGE_READY("imageReady"),
  /** A container exists in the runtime at its turn (detail: its name; created ahead or just now). */
  CONTAINER_CREATED("containerCreated"),
  /** A container was started (detail: its name). */
  CONTAINER_STARTED("containerStarted"),
  /** The sync ended. */
  SYNC_ENDED("syncEnded"),
  /** The agent's watch saw the pod with every container running. */
  WATCH_RUNNING("watchObservedRunning");

  private final String text;

  StartupStep(String text) {
    this.text = text;
  }

  /** The step's name in the trace line. */
  public String text() {
    return text;
  }
}

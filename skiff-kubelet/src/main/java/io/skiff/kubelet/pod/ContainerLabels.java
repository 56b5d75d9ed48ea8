package io.skiff.kubelet.pod;

/** The labels the agent puts on sandboxes and containers, to find a pod's objects again (also after a restart). */
public final class ContainerLabels {
  public static final String POD_UID = "io.kubernetes.pod.uid";
  public static final String POD_NAME = "io.kubernetes.pod.name";
  public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
  public static final String CONTAINER_NAME = "io.kubernetes.container.name";
  public static final String KIND = "io.skiff.container.kind";
  public static final String HASH = "io.skiff.container.hash";
  public static final String IMAGE_ID = "io.skiff.container.imageID";
  /**
   * On a container created ahead of its turn ({@link AheadCreator}): until it is started, the agent does not see it
   * (no status, no planning), as if it did not exist yet.
   */
  public static final String AHEAD = "io.skiff.container.ahead";

  private ContainerLabels() {}
}

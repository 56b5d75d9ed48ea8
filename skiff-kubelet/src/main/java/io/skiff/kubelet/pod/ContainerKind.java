package io.skiff.kubelet.pod;

/** Which list of the pod spec a container comes from, and how it behaves there. */
public enum ContainerKind {
  /** A regular init container: runs once, in order, and must exit 0. */
  INIT,
  /** A restartable init container ({@code restartPolicy: Always} on an init container): started in order, kept running. */
  SIDECAR,
  /** An app container ({@code spec.containers}). */
  APP;

  /** Whether it is listed in {@code spec.initContainers}. */
  public boolean isInit() {
    return this != APP;
  }

  /** The field path Kubernetes puts in events about it: {@code spec.initContainers{name}} or {@code spec.containers{name}}. */
  public String fieldPath(String name) {
    return (isInit() ? "spec.initContainers{" : "spec.containers{") + name + "}";
  }
}

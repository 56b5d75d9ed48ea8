package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container of the pod spec with its kind and its index in its list.
 *
 * @param kind  init, sidecar or app
 * @param index its position in {@code spec.initContainers} or {@code spec.containers}
 * @param spec  the container as the API has it
 */
public record SpecContainer(ContainerKind kind, int index, Container spec) {
  public SpecContainer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(spec, "spec");
  }

  public String name() {
    return spec.getName();
  }

  /** The pod's init containers, in spec order, each as INIT or SIDECAR. */
  public static List<SpecContainer> inits(Pod pod) {
    List<SpecContainer> out = new ArrayList<>();
    List<Container> list = pod.getSpec().getInitContainers();
    for (int i = 0; list != null && i < list.size(); i++) {
      Container c = list.get(i);
      out.add(new SpecContainer("Always".equals(c.getRestartPolicy()) ? ContainerKind.SIDECAR : ContainerKind.INIT, i, c));
    }
    return out;
  }

  /** The pod's app containers, in spec order. */
  public static List<SpecContainer> apps(Pod pod) {
    List<SpecContainer> out = new ArrayList<>();
    List<Container> list = pod.getSpec().getContainers();
    for (int i = 0; list != null && i < list.size(); i++) {
      out.add(new SpecContainer(ContainerKind.APP, i, list.get(i)));
    }
    return out;
  }

  /** Init containers then app containers. */
  public static List<SpecContainer> all(Pod pod) {
    List<SpecContainer> out = new ArrayList<>(inits(pod));
    out.addAll(apps(pod));
    return out;
  }

  /** The container of that name, init or app. */
  public static Optional<SpecContainer> find(Pod pod, String name) {
    return all(pod).stream().filter(c -> c.name().equals(name)).findFirst();
  }
}

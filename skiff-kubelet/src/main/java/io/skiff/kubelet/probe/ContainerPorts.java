package io.skiff.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.skiff.common.SkiffException;
import java.util.List;

/**
 * The kubelet's {@code probe.ResolveContainerPort}: a port given by number, or by the name of one of the container's
 * ports (a string of digits also works when no port has that name); 1–65535.
 */
public final class ContainerPorts {
  private ContainerPorts() {}

  /** The port number; throws {@link SkiffException.BadRequest} with the kubelet's error text when it does not resolve. */
  public static int resolve(IntOrString port, Container container) {
    if (port == null || (port.getIntVal() == null && port.getStrVal() == null)) {
      throw new SkiffException.BadRequest("intOrString had no kind: " + port);
    }
    int number;
    if (port.getIntVal() != null) {
      number = port.getIntVal();
    } else {
      String name = port.getStrVal();
      Integer named = byName(container, name);
      if (named != null) {
        number = named;
      } else {
        try {
          number = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          throw new SkiffException.BadRequest("strconv.Atoi: parsing " + GoText.quote(name) + ": invalid syntax");
        }
      }
    }
    if (number <= 0 || number >= 65536) {
      throw new SkiffException.BadRequest("invalid port number: " + number);
    }
    return number;
  }

  private static Integer byName(Container container, String name) {
    List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
    for (ContainerPort p : ports) {
      if (name.equals(p.getName())) {
        return p.getContainerPort() == null ? 0 : p.getContainerPort();
      }
    }
    return null;
  }
}

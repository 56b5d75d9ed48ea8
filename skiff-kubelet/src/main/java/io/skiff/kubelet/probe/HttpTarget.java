package io.skiff.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.skiff.kubelet.node.NodeObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP GET as the kubelet builds it from an {@code httpGet} action ({@code NewRequestForHTTPGetAction}): scheme
 * {@code http} or {@code https}, the action's host or else the pod's IP, the resolved port, the path (with its
 * query), the action's headers, and {@code User-Agent: kube-<purpose>/<major>.<minor>} and {@code Accept: *}{@code /*}
 * unless the action sets them (an empty {@code Accept} removes it).
 *
 * @param https   whether to speak TLS (without verifying the server, as the kubelet)
 * @param host    the host to connect to
 * @param port    the port
 * @param target  the request target: path and query, starting with {@code /}
 * @param headers the request headers in order, names as Go canonicalizes them
 */
public record HttpTarget(boolean https, String host, int port, String target, List<Header> headers) {

  /** One request header. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      value = value == null ? "" : value;
    }
  }

  public HttpTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(target, "target");
    headers = List.copyOf(headers);
  }

  /** {@code probe} for probes, {@code lifecycle} for hooks. */
  public static HttpTarget of(HTTPGetAction action, Container container, String podIp, String purpose) {
    String scheme = action.getScheme() == null ? "" : action.getScheme().toLowerCase(Locale.ROOT);
    String host = action.getHost() == null || action.getHost().isEmpty() ? (podIp == null ? "" : podIp) : action.getHost();
    int port = ContainerPorts.resolve(action.getPort(), container);
    String path = action.getPath() == null ? "" : action.getPath();
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    List<Header> headers = new ArrayList<>();
    for (HTTPHeader h : action.getHttpHeaders() == null ? List.<HTTPHeader>of() : action.getHttpHeaders()) {
      headers.add(new Header(canonical(h.getName()), h.getValue()));
    }
    if (first(headers, "User-Agent") == null) {
      headers.add(new Header("User-Agent", userAgent(purpose)));
    }
    String accept = first(headers, "Accept");
    if (accept == null) {
      headers.add(new Header("Accept", "*/*"));
    } else if (accept.isEmpty()) {
      headers.removeIf(h -> h.name().equals("Accept"));
    }
    return new HttpTarget(scheme.equals("https"), host, port, path, headers);
  }

  /** {@code kube-probe/1.33}, {@code kube-lifecycle/1.33}. */
  static String userAgent(String purpose) {
    String v = NodeObjects.KUBELET_VERSION.startsWith("v") ? NodeObjects.KUBELET_VERSION.substring(1) : NodeObjects.KUBELET_VERSION;
    String[] parts = v.split("[.-]");
    return "kube-" + purpose + "/" + parts[0] + "." + parts[1];
  }

  /** The URL as Go's {@code url.URL.String()} prints it, for error texts. */
  public String url() {
    return (https ? "https" : "http") + "://" + GoText.hostPort(host, port) + target;
  }

  /** The value of the request's {@code Host} header when the action sets one. */
  public String hostHeader() {
    return first(headers, "Host");
  }

  private static String first(List<Header> headers, String name) {
    return headers.stream().filter(h -> h.name().equals(name)).map(Header::value).findFirst().orElse(null);
  }

  /** The same request against another URL (a redirect), keeping the headers. */
  HttpTarget redirectTo(boolean toHttps, String toHost, int toPort, String toTarget, boolean keepHost) {
    List<Header> kept = keepHost ? headers : headers.stream().filter(h -> !h.name().equals("Host")).toList();
    return new HttpTarget(toHttps, toHost, toPort, toTarget, kept);
  }

  /** Go's {@code textproto.CanonicalMIMEHeaderKey}: {@code x-custom-header} becomes {@code X-Custom-Header}. */
  static String canonical(String name) {
    if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == ' ' || c > 127)) {
      return name == null ? "" : name;
    }
    StringBuilder b = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return b.toString();
  }
}

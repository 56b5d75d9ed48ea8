package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The downward API's {@code fieldRef} values: the pod's metadata, node name, service account and IPs, as the kubelet
 * extracts them for env vars ({@code podFieldSelectorRuntimeValue}) and for downwardAPI volume files.
 */
public final class FieldPaths {
  private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  private FieldPaths() {}

  /** The value of {@code path}; an unsupported path is a {@link SkiffException.BadRequest} ({@code unsupported fieldPath: p}). */
  public static String value(Pod pod, String path, String podIp, String hostIp) {
    Matcher m = SUBSCRIPT.matcher(path);
    if (m.matches()) {
      Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
      return map == null ? "" : map.getOrDefault(m.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "metadata.labels" -> formatMap(pod.getMetadata().getLabels());
      case "metadata.annotations" -> formatMap(pod.getMetadata().getAnnotations());
      case "spec.nodeName" -> nz(pod.getSpec().getNodeName());
      case "spec.serviceAccountName" -> nz(pod.getSpec().getServiceAccountName());
      case "status.hostIP", "status.hostIPs" -> hostIp;
      case "status.podIP", "status.podIPs" -> podIp;
      default -> throw new SkiffException.BadRequest("unsupported fieldPath: " + path);
    };
  }

  /** A map as the downward API writes it to a file: {@code key="value"} lines sorted by key, values Go-quoted. */
  public static String formatMap(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append(e.getKey()).append('=').append(goQuote(e.getValue()));
    }
    return b.toString();
  }

  static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\x%02x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}

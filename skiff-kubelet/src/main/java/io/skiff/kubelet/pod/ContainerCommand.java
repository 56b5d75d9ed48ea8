package io.skiff.kubelet.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's argv as Kubernetes combines the spec's {@code command}/{@code args} with the image's
 * {@code Entrypoint}/{@code Cmd}: a command replaces the Entrypoint and drops the image's Cmd; args alone replace only
 * the Cmd; an Entrypoint of one empty string counts as none (containerd's rule). {@code $(VAR)} references in command and args are expanded with the container's environment first.
 */
public final class ContainerCommand {
  private ContainerCommand() {}

  /**
   * @param command    the spec's {@code command}, empty when not set
   * @param args       the spec's {@code args}, empty when not set
   * @param entrypoint the image's Entrypoint
   * @param cmd        the image's Cmd
   * @param env        the container's resolved environment, for {@code $(VAR)} expansion
   */
  public static List<String> argv(List<String> command, List<String> args, List<String> entrypoint, List<String> cmd, Map<String, String> env) {
    List<String> c = expand(command, env);
    List<String> a = expand(args, env);
    List<String> out = new ArrayList<>();
    if (!c.isEmpty()) {
      out.addAll(c);
      out.addAll(a);
    } else {
      if (!(entrypoint.size() == 1 && entrypoint.get(0).isEmpty())) {
        out.addAll(entrypoint);
      }
      out.addAll(a.isEmpty() ? cmd : a);
    }
    return out;
  }

  private static List<String> expand(List<String> values, Map<String, String> env) {
    if (values == null) {
      return List.of();
    }
    return values.stream().map(v -> VariableExpansion.expand(v, env)).toList();
  }
}

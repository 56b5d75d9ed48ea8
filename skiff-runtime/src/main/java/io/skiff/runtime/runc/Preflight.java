package io.skiff.runtime.runc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which programs the runtime needs and which Debian packages provide the missing ones. */
public final class Preflight {

  /**
   * A program the runtime needs but cannot find.
   *
   * @param program       what is missing, e.g. {@code conmon}
   * @param expectedAt    where it was looked for
   * @param debianPackage the Debian/Ubuntu package that installs it
   */
  public record Missing(String program, Path expectedAt, String debianPackage) {}

  private Preflight() {}

  /** The programs this configuration needs that are not installed; empty when the runtime can start. */
  public static List<Missing> missing(RuntimeConfig config) {
    List<Missing> out = new ArrayList<>();
    OciRuntimeBinary rt = config.ociRuntime();
    check(out, rt.kind().displayName(), rt.binary(), rt.kind().displayName());
    check(out, "conmon", config.conmon(), "conmon");
    check(out, "catatonit", config.catatonit(), "catatonit");
    for (String plugin : List.of("bridge", "host-local", "loopback", "portmap")) {
      boolean found = config.network().pluginDirs().stream().anyMatch(d -> Files.isExecutable(d.resolve(plugin)));
      if (!found) {
        out.add(new Missing("CNI plugin " + plugin, config.network().pluginDirs().get(0).resolve(plugin), "containernetworking-plugins"));
      }
    }
    check(out, "unshare", Path.of("/usr/bin/unshare"), "util-linux");
    check(out, "mount", Path.of("/usr/bin/mount"), "mount");
    check(out, "sh", Path.of("/bin/sh"), "dash");
    return out;
  }

  /** The distinct packages to install for the missing programs, in a stable order. */
  public static List<String> packages(List<Missing> missing) {
    Set<String> p = new LinkedHashSet<>();
    missing.forEach(m -> p.add(m.debianPackage()));
    return List.copyOf(p);
  }

  private static void check(List<Missing> out, String program, Path path, String pkg) {
    if (!Files.isExecutable(path)) {
      out.add(new Missing(program, path, pkg));
    }
  }
}

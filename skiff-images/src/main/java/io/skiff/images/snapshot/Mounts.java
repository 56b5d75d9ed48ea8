package io.skiff.images.snapshot;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Performs the mounts a {@link Snapshotter} describes, with the {@code mount} and {@code umount} commands (root
 * only). Used by tests and by the runtime to make a container's root file system.
 */
public final class Mounts {
  /** The kernel refuses mount data longer than a page; overlay's lowerdir list is the part that grows. */
  private static final int MAX_OPTIONS = 4000;

  private Mounts() {}

  /** Mounts every mount onto {@code target}, in order. */
  public static void mount(List<Mount> mounts, Path target) {
    for (Mount m : mounts) {
      mount(m, target);
    }
  }

  public static void mount(Mount m, Path target) {
    List<String> opts = m.options().stream().filter(o -> !o.equals("rbind") && !o.equals("bind")).toList();
    if (m.type().equals("bind")) {
      run("mount", "--rbind", m.source(), target.toString());
      if (m.readOnly()) {
        run("mount", "-o", "remount,bind,ro", target.toString());
      }
      return;
    }
    String data = String.join(",", opts);
    if (data.length() > MAX_OPTIONS) {
      throw new SkiffException.BadRequest("the " + m.type() + " mount options are " + data.length()
          + " characters, more than the kernel accepts (" + MAX_OPTIONS + "); the image has too many layers for one overlay mount");
    }
    run("mount", "-t", m.type(), "-o", data, m.source(), target.toString());
  }

  /** Unmounts {@code target} (recursively for binds). */
  public static void unmount(Path target) {
    run("umount", "-R", target.toString());
  }

  private static void run(String... command) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot run " + command[0] + ": " + e.getMessage(), e);
    }
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SkiffException.Timeout(String.join(" ", command) + " did not finish within 30s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw new SkiffException.Internal(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out, null);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SkiffException.Internal("interrupted running " + command[0], e);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot read the output of " + command[0] + ": " + e.getMessage(), e);
    }
  }

  /** The mounts as one shell-readable line each, for logs and {@code images inspect}. */
  public static List<String> describe(List<Mount> mounts, Path target) {
    List<String> out = new ArrayList<>();
    for (Mount m : mounts) {
      out.add("mount -t " + m.type() + " -o " + String.join(",", m.options()) + " " + m.source() + " " + target);
    }
    return out;
  }
}

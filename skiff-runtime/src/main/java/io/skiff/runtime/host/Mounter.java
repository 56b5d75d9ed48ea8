package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Mounts and unmounts through util-linux's {@code mount} and {@code umount}, and tells what is mounted where. */
public final class Mounter {
  private final ProcessRunner runner;
  private final Duration timeout;

  public Mounter(ProcessRunner runner, Duration timeout) {
    this.runner = runner;
    this.timeout = timeout;
  }

  /** Mounts a filesystem of {@code type} from {@code source} at {@code target} with the comma-joined options. */
  public void mount(String type, String source, Path target, List<String> options) {
    List<String> argv = new ArrayList<>(List.of("mount", "-t", type));
    if (!options.isEmpty()) {
      argv.add("-o");
      argv.add(String.join(",", options));
    }
    argv.add(source);
    argv.add(target.toString());
    runner.runChecked(CommandLine.of(timeout, argv));
  }

  /**
   * Unmounts whatever is mounted at {@code target} (all stacked mounts), lazily when a plain unmount fails. A target
   * with nothing mounted is left alone.
   */
  public void unmountAll(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    for (int round = 0; round < 8 && isMountPoint(abs); round++) {
      CommandResult r = runner.run(CommandLine.of(timeout, "umount", abs.toString()));
      if (!r.succeeded() && isMountPoint(abs)) {
        runner.run(CommandLine.of(timeout, "umount", "-l", abs.toString()));
      }
    }
    if (isMountPoint(abs)) {
      throw new SkiffException.Internal("cannot unmount " + abs, null);
    }
  }

  /** Whether something is mounted exactly at {@code path}. */
  public boolean isMountPoint(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    return MountInfo.current().stream().anyMatch(m -> m.mountPoint().equals(abs));
  }

  /** Every mount point at or below {@code dir}, deepest first (the order to unmount them in). */
  public List<Path> mountPointsUnder(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return MountInfo.current().stream()
        .map(MountInfo::mountPoint)
        .filter(p -> p.startsWith(abs))
        .distinct()
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
        .toList();
  }
}

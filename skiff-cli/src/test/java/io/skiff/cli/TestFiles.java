package io.skiff.cli;

import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.MountInfo;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes what a test wrote. */
final class TestFiles {
  private TestFiles() {}

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes a tree a node agent worked in. A pod's object is gone from the API before its sandbox's mounts (shm, pinned
   * namespaces) are released, so mounts under the tree get a few seconds to go on their own; what is still mounted then
   * is detached lazily before the files are removed.
   */
  static void unmountAndDeleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      Await.until("mounts under " + dir + " to be released", Duration.ofSeconds(10), () -> mountsUnder(dir).isEmpty());
    } catch (AssertionError stillMounted) {
      // detached below
    }
    detachMounts(dir);
    deleteTree(dir);
  }

  /** Detaches (lazily, deepest first) every mount under {@code dir}. */
  static void detachMounts(Path dir) {
    ProcessRunner runner = new ProcessRunner();
    for (Path m : mountsUnder(dir)) {
      runner.run(CommandLine.of(Duration.ofSeconds(20), "umount", "-l", m.toString()));
    }
  }

  private static List<Path> mountsUnder(Path dir) {
    return MountInfo.current().stream().map(MountInfo::mountPoint).filter(p -> p.startsWith(dir))
        .sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
  }
}

package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting runtime directories safely: never through a mount point, never following symbolic links. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code dir} and everything in it. Refuses (throws) when anything is still mounted below it, so that a
   * failed unmount can never turn into deleting an image layer or a volume.
   */
  public static void delete(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    List<Path> mounted = MountInfo.current().stream().map(MountInfo::mountPoint).filter(p -> p.startsWith(abs)).toList();
    if (!mounted.isEmpty()) {
      throw new SkiffException.Internal("refusing to delete " + abs + ": still mounted below it: " + mounted, null);
    }
    List<Path> paths;
    try (Stream<Path> s = Files.walk(abs)) {
      paths = s.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot list " + abs, e);
    }
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot delete " + p, e);
      }
    }
  }
}

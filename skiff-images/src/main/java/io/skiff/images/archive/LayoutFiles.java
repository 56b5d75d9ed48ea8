package io.skiff.images.archive;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Read access to the files of an image source: a directory, or a tar archive read in place. */
sealed interface LayoutFiles extends AutoCloseable {
  /** Opens {@code name} (a path relative to the source's root), when it exists. */
  Optional<InputStream> open(String name);

  default boolean exists(String name) {
    Optional<InputStream> in = open(name);
    in.ifPresent(s -> {
      try {
        s.close();
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot close " + name, e);
      }
    });
    return in.isPresent();
  }

  default byte[] readAll(String name) {
    try (InputStream in = open(name).orElseThrow(() -> new SkiffException.NotFound("the archive has no " + name))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new SkiffException.BadRequest("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  void close();

  static LayoutFiles of(Path source) {
    if (Files.isDirectory(source)) {
      return new Directory(source);
    }
    if (Files.isRegularFile(source)) {
      return new Tar(source);
    }
    throw new SkiffException.NotFound(source + " is neither a directory nor a file");
  }

  record Directory(Path root) implements LayoutFiles {
    @Override
    public Optional<InputStream> open(String name) {
      Path p = root.resolve(name).normalize();
      if (!p.startsWith(root) || !Files.isRegularFile(p)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.newInputStream(p));
      } catch (IOException e) {
        throw new SkiffException.BadRequest("cannot read " + p + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {}
  }

  final class Tar implements LayoutFiles {
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries;

    Tar(Path file) {
      try {
        this.tar = new TarFile(file);
      } catch (IOException e) {
        throw new SkiffException.BadRequest(file + " is not a tar archive: " + e.getMessage(), e);
      }
      this.entries = tar.getEntries().stream().filter(TarArchiveEntry::isFile)
          .collect(Collectors.toMap(e -> normalise(e.getName()), Function.identity(), (a, b) -> b));
    }

    private static String normalise(String name) {
      String n = name;
      while (n.startsWith("./") || n.startsWith("/")) {
        n = n.substring(n.startsWith("./") ? 2 : 1);
      }
      return n;
    }

    @Override
    public Optional<InputStream> open(String name) {
      TarArchiveEntry e = entries.get(normalise(name));
      if (e == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(tar.getInputStream(e));
      } catch (IOException ex) {
        throw new SkiffException.BadRequest("cannot read " + name + " in the archive: " + ex.getMessage(), ex);
      }
    }

    @Override
    public void close() {
      try {
        tar.close();
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot close the archive", e);
      }
    }
  }
}

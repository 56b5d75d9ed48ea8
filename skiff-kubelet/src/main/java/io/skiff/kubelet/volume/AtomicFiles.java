package io.skiff.kubelet.volume;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a set of files into a volume directory the way the kubelet's AtomicWriter does, so that containers see
 * either the old or the new set, never a mix: the files go into a fresh hidden directory {@code ..<timestamp>},
 * the symbolic link {@code ..data} is switched to it by a rename, and each top-level name is a link into
 * {@code ..data}.
 */
public final class AtomicFiles {
  private static final String DATA = "..data";

  private AtomicFiles() {}

  /** Writes {@code files} into {@code dir} unless it already holds exactly them; answers whether it wrote. */
  public static boolean write(Path dir, List<FilePayload> files) {
    try {
      Files.createDirectories(dir);
      if (matches(dir, files)) {
        return false;
      }
      Path fresh = dir.resolve(".." + Instant.now().toString().replace(':', '_') + "." + System.nanoTime());
      Files.createDirectory(fresh);
      for (FilePayload f : files) {
        Path target = fresh.resolve(f.path());
        Files.createDirectories(target.getParent());
        Files.write(target, f.content());
        Files.setPosixFilePermissions(target, permissions(f.mode()));
      }
      Path link = dir.resolve(DATA);
      Path old = Files.isSymbolicLink(link) ? dir.resolve(Files.readSymbolicLink(link)) : null;
      Path tmp = dir.resolve("..data_tmp");
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, fresh.getFileName());
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Set<String> top = new HashSet<>();
      for (FilePayload f : files) {
        top.add(f.path().split("/")[0]);
      }
      for (String name : top) {
        Path entry = dir.resolve(name);
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(entry, Path.of(DATA, name));
        }
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          String name = p.getFileName().toString();
          if (!name.startsWith("..") && !top.contains(name) && Files.isSymbolicLink(p)) {
            Files.delete(p);
          }
        }
      }
      if (old != null && !old.equals(fresh)) {
        deleteTree(old);
      }
      return true;
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot write the files of volume " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean matches(Path dir, List<FilePayload> files) throws IOException {
    Path data = dir.resolve(DATA);
    if (!Files.isSymbolicLink(data)) {
      return false;
    }
    Path root = dir.resolve(Files.readSymbolicLink(data));
    Map<String, FilePayload> want = new HashMap<>();
    files.forEach(f -> want.put(f.path(), f));
    int found = 0;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        FilePayload f = want.get(root.relativize(p).toString());
        if (f == null || !Arrays.equals(Files.readAllBytes(p), f.content())) {
          return false;
        }
        found++;
      }
    }
    return found == want.size();
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

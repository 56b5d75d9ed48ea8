package io.skiff.kubelet.pod;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An image's {@code User} ({@code uid}, {@code name}, {@code uid:gid}, {@code name:group}) resolved to numbers
 * against the image's {@code /etc/passwd} and {@code /etc/group} (from the top-most layer that has them), as the
 * runtime does.
 */
public final class ImageUsers {
  private ImageUsers() {}

  /** A resolved uid and, when the user named one, its group. */
  public record Resolved(long uid, OptionalLong gid) {}

  public static Resolved resolve(String user, List<Path> layersTopFirst) {
    if (user == null || user.isEmpty()) {
      return new Resolved(0, OptionalLong.empty());
    }
    String[] parts = user.split(":", 2);
    long uid = number(parts[0]).orElseGet(() -> lookup(file(layersTopFirst, "etc/passwd"), parts[0], 2)
        .orElseThrow(() -> new SkiffException.BadRequest("unable to find user " + parts[0] + ": no matching entries in passwd file")));
    if (parts.length == 1) {
      return new Resolved(uid, OptionalLong.empty());
    }
    long gid = number(parts[1]).orElseGet(() -> lookup(file(layersTopFirst, "etc/group"), parts[1], 2)
        .orElseThrow(() -> new SkiffException.BadRequest("unable to find group " + parts[1] + ": no matching entries in group file")));
    return new Resolved(uid, OptionalLong.of(gid));
  }

  /** The primary group of {@code uid} in the root's {@code /etc/passwd}, if it is listed there. */
  public static OptionalLong primaryGroup(long uid, List<Path> layersTopFirst) {
    for (String[] f : entries(file(layersTopFirst, "etc/passwd"))) {
      if (f.length > 3 && f[2].equals(Long.toString(uid))) {
        Optional<Long> g = number(f[3]);
        if (g.isPresent()) {
          return OptionalLong.of(g.get());
        }
      }
    }
    return OptionalLong.empty();
  }

  /** The file in the top-most layer that has it; a path that exists nowhere. */
  static Path file(List<Path> layersTopFirst, String relative) {
    for (Path layer : layersTopFirst) {
      Path p = layer.resolve(relative);
      if (Files.exists(p)) {
        return p;
      }
    }
    return Path.of("/nonexistent", relative);
  }

  private static Optional<Long> lookup(Path file, String name, int idField) {
    for (String[] f : entries(file)) {
      if (f.length > idField && f[0].equals(name)) {
        return number(f[idField]);
      }
    }
    return Optional.empty();
  }

  private static List<String[]> entries(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(":", -1)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<Long> number(String s) {
    try {
      long v = Long.parseLong(s);
      return v < 0 ? Optional.empty() : Optional.of(v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

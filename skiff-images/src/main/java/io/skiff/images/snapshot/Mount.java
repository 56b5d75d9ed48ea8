package io.skiff.images.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mount to perform, as {@code mount -t <type> -o <options> <source> <target>} would: the snapshotter returns
 * these and a runtime (or {@link Mounts}) performs them.
 */
public record Mount(String type, String source, List<String> options) {
  public Mount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    options = List.copyOf(options);
  }

  /**
   * An overlay of {@code lowerTopFirst} (the top-most lower directory first, as overlayfs orders them) with an
   * optional upper and work directory. Opaque-directory markers are {@code user.overlay.*} attributes, so the mount
   * carries {@code userxattr}.
   */
  public static Mount overlay(List<Path> lowerTopFirst, Path upper, Path work) {
    List<String> opts = new ArrayList<>();
    opts.add("index=off");
    opts.add("userxattr");
    if (upper != null) {
      opts.add("workdir=" + work);
      opts.add("upperdir=" + upper);
    } else {
      opts.add("ro");
    }
    opts.add("lowerdir=" + String.join(":", lowerTopFirst.stream().map(Path::toString).toList()));
    return new Mount("overlay", "overlay", opts);
  }

  /** A bind mount of {@code dir}, read-only or not. */
  public static Mount bind(Path dir, boolean readOnly) {
    return new Mount("bind", dir.toString(), List.of(readOnly ? "ro" : "rw", "rbind"));
  }

  /** The value of an option {@code name=value}, if present. */
  public Optional<String> option(String name) {
    String prefix = name + "=";
    return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).findFirst();
  }

  /** The lower directories, top-most first, for an overlay. */
  public List<Path> lowerDirs() {
    return option("lowerdir").map(v -> List.of(v.split(":")).stream().map(Path::of).toList()).orElse(List.of());
  }

  public boolean readOnly() {
    return options.contains("ro");
  }
}

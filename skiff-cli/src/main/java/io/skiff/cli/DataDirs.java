package io.skiff.cli;

import java.nio.file.Path;

/** Where skiff keeps its state unless told otherwise: /var/lib/skiff as root, ~/.local/share/skiff otherwise. */
final class DataDirs {
  private DataDirs() {}

  static Path defaultDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return root ? Path.of("/var/lib/skiff") : Path.of(System.getProperty("user.home"), ".local", "share", "skiff");
  }
}

package io.skiff.kubelet.volume;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** hostPath volumes: the path is used as it is, after the check (or creation) its {@code type} asks for. */
final class HostPaths {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  private HostPaths() {}

  static Path prepare(Path path, String type) {
    String t = type == null ? "" : type;
    try {
      switch (t) {
        case "" -> { }
        case "DirectoryOrCreate" -> {
          if (!Files.exists(path)) {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
          } else if (!Files.isDirectory(path)) {
            throw fail(path + " exists and is not a directory");
          }
        }
        case "Directory" -> {
          if (!Files.isDirectory(path)) {
            throw fail(path + " is not a directory");
          }
        }
        case "FileOrCreate" -> {
          if (!Files.exists(path)) {
            Files.createFile(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
          } else if (!Files.isRegularFile(path)) {
            throw fail(path + " exists and is not a file");
          }
        }
        case "File" -> {
          if (!Files.isRegularFile(path)) {
            throw fail(path + " is not a file");
          }
        }
        case "Socket" -> checkType(path, S_IFSOCK, "is not a socket file");
        case "CharDevice" -> checkType(path, S_IFCHR, "is not a character device");
        case "BlockDevice" -> checkType(path, S_IFBLK, "is not a block device");
        default -> throw fail("unknown hostPath type " + t);
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("hostPath " + path + ": " + e.getMessage(), e);
    }
    return path;
  }

  private static void checkType(Path path, int bits, String what) throws IOException {
    if (!Files.exists(path) || ((Integer) Files.getAttribute(path, "unix:mode") & S_IFMT) != bits) {
      throw fail(path + " " + what);
    }
  }

  private static SkiffException fail(String detail) {
    return new SkiffException.BadRequest("hostPath type check failed: " + detail);
  }
}

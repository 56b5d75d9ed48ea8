package io.skiff.runtime.sandbox;

import io.skiff.common.SkiffException;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.posix.NamespacePinning;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Network namespaces pinned by a bind mount on a file (what {@code ip netns add} does under /run/netns), kept under
 * the runtime root: created and bound on FILE in the process ({@link NamespacePinning}, what {@code unshare --net=FILE}
 * does); unmounting and deleting the file releases it once no process is left in it.
 */
public final class NetworkNamespaces {
  private final Path dir;
  private final Mounter mounter;

  public NetworkNamespaces(Path dir, Mounter mounter) {
    this.dir = dir;
    this.mounter = mounter;
  }

  /** The namespace file for this name (it may not exist). */
  public Path path(String name) {
    return dir.resolve(name);
  }

  /** Creates the namespace unless it already exists; returns its file. */
  public Path ensure(String name) {
    Path file = path(name);
    if (mounter.isMountPoint(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // Left over from an attempt that failed before mounting; reuse the file.
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create the network namespace file " + file, e);
    }
    NamespacePinning.pin(Map.of("net", file), null);
    return file;
  }

  /** Unpins and deletes the namespace file; a missing one is fine. */
  public void remove(String name) {
    Path file = path(name);
    mounter.unmountAll(file);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot delete the network namespace file " + file, e);
    }
  }
}

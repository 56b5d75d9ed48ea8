package io.skiff.images.snapshot;

import io.skiff.common.SkiffException;
import io.skiff.images.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one uncompressed layer tar into a snapshot directory in overlayfs form: a {@code .wh.<name>} whiteout
 * becomes a 0/0 character device, a {@code .wh..wh..opq} marker sets {@code user.overlay.opaque=y} on its directory.
 * Regular files, directories, symbolic and hard links, FIFOs and (as root) device nodes are created with their mode
 * (including setuid/setgid/sticky), modification time and, as root, owner; {@code user.*} extended attributes are
 * applied, others are skipped. Any entry that would land outside the directory, or be written through a symbolic
 * link, is refused with a {@link SkiffException.BadRequest}; the caller discards the snapshot. The digest of the
 * whole uncompressed stream is the layer's diff ID.
 */
public final class TarLayerApplier {
  private static final Logger LOG = LoggerFactory.getLogger(TarLayerApplier.class);
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final boolean ROOT = isRoot();

  /** What one layer application did. */
  public record Result(Digest diffId, long bytes, int entries, int skipped) {}

  private final Path root;
  private final String label;
  private final Set<Path> safeDirs = new HashSet<>();
  private final List<DirMeta> dirs = new ArrayList<>();
  private int skipped;

  private record DirMeta(Path path, int mode, FileTime mtime) {}

  private TarLayerApplier(Path root, String label) {
    this.root = root.toAbsolutePath().normalize();
    this.label = label;
  }

  /**
   * Applies {@code uncompressedTar} to {@code target} (an existing, empty snapshot directory). {@code label} names
   * the layer in messages.
   */
  public static Result apply(InputStream uncompressedTar, Path target, String label) {
    return new TarLayerApplier(target, label).run(uncompressedTar);
  }

  private Result run(InputStream raw) {
    MessageDigest sha = Digest.newSha256();
    DigestInputStream hashed = new DigestInputStream(raw, sha);
    long bytes = 0;
    int entries = 0;
    try {
      TarArchiveInputStream tar = new TarArchiveInputStream(hashed, true);
      TarArchiveEntry e;
      byte[] buf = new byte[1 << 16];
      while ((e = tar.getNextEntry()) != null) {
        entries++;
        bytes += applyEntry(tar, e, buf);
      }
      while (hashed.read(buf) >= 0) {
        // the end-of-archive blocks and padding belong to the diff ID
      }
      for (DirMeta d : dirs.reversed()) {
        setMode(d.path(), d.mode());
        setTime(d.path(), d.mtime());
      }
    } catch (IOException ex) {
      throw new SkiffException.BadRequest(label + ": cannot unpack: " + ex.getMessage(), ex);
    }
    return new Result(new Digest("sha256", HexFormat.of().formatHex(sha.digest())), bytes, entries, skipped);
  }

  private long applyEntry(TarArchiveInputStream tar, TarArchiveEntry e, byte[] buf) throws IOException {
    String name = e.getName();
    Path path = resolve(name);
    if (path.equals(root)) {
      return 0;
    }
    String base = path.getFileName().toString();
    Path parent = path.getParent();
    ensureParent(parent, name);
    if (base.equals(OPAQUE)) {
      Files.getFileAttributeView(parent, UserDefinedFileAttributeView.class).write("overlay.opaque", ByteBuffer.wrap(new byte[] {'y'}));
      return 0;
    }
    if (base.startsWith(WHITEOUT)) {
      Path hidden = parent.resolve(base.substring(WHITEOUT.length()));
      removeExisting(hidden);
      run(name, "mknod", hidden.toString(), "c", "0", "0");
      return 0;
    }
    if (e.isDirectory()) {
      if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        removeExisting(path);
        Files.createDirectory(path);
      }
      safeDirs.add(path);
      setOwner(path, e);
      setXattrs(path, e);
      dirs.add(new DirMeta(path, e.getMode(), e.getLastModifiedTime()));
      return 0;
    }
    removeExisting(path);
    if (e.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(e.getLinkName()));
      setOwner(path, e);
      setTime(path, e.getLastModifiedTime());
      return 0;
    }
    if (e.isLink()) {
      Path target = resolve(e.getLinkName());
      ensureNoSymlinkAbove(target, e.getLinkName());
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new SkiffException.BadRequest(label + ": hard link \"" + name + "\" points at \"" + e.getLinkName() + "\", which the layer does not contain");
      }
      Files.createLink(path, target);
      return 0;
    }
    if (e.isFIFO()) {
      run(name, "mkfifo", path.toString());
    } else if (e.isCharacterDevice() || e.isBlockDevice()) {
      if (!ROOT) {
        LOG.warn("{}: skipping device node {} (needs root)", label, name);
        skipped++;
        return 0;
      }
      run(name, "mknod", path.toString(), e.isCharacterDevice() ? "c" : "b",
          Integer.toString(e.getDevMajor()), Integer.toString(e.getDevMinor()));
    } else if (e.isFile()) {
      long n = 0;
      try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        int r;
        while ((r = tar.read(buf)) > 0) {
          out.write(buf, 0, r);
          n += r;
        }
      }
      finishFile(path, e);
      return n;
    } else {
      LOG.warn("{}: skipping entry {} of unsupported type {}", label, name, (char) e.getLinkFlag());
      skipped++;
      return 0;
    }
    finishFile(path, e);
    return 0;
  }

  private void finishFile(Path path, TarArchiveEntry e) throws IOException {
    setOwner(path, e);
    setMode(path, e.getMode());
    setXattrs(path, e);
    setTime(path, e.getLastModifiedTime());
  }

  /** The path of an entry inside the root; names that leave it are refused. */
  private Path resolve(String name) {
    String n = name;
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    Path p = root.resolve(n).normalize();
    if (!p.startsWith(root)) {
      throw new SkiffException.BadRequest(label + ": entry \"" + name + "\" would be written outside the layer root; layer refused");
    }
    return p;
  }

  private void ensureParent(Path parent, String name) throws IOException {
    if (safeDirs.contains(parent) || parent.equals(root)) {
      return;
    }
    ensureNoSymlinkAbove(parent.resolve("x"), name);
    if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(parent);
      }
      Files.createDirectories(parent);
    }
    for (Path p = parent; !p.equals(root); p = p.getParent()) {
      safeDirs.add(p);
    }
  }

  /** Refuses a path with a symbolic link among its ancestors inside the root. */
  private void ensureNoSymlinkAbove(Path path, String name) {
    for (Path p = path.getParent(); p != null && !p.equals(root) && p.startsWith(root); p = p.getParent()) {
      if (safeDirs.contains(p)) {
        return;
      }
      if (Files.isSymbolicLink(p)) {
        throw new SkiffException.BadRequest(label + ": entry \"" + name + "\" would be written through the symbolic link \""
            + root.relativize(p) + "\"; layer refused");
      }
    }
  }

  private void removeExisting(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      OverlaySnapshotter.deleteTree(path);
      safeDirs.removeIf(p -> p.startsWith(path));
    } else {
      Files.deleteIfExists(path);
    }
  }

  private void setOwner(Path path, TarArchiveEntry e) throws IOException {
    if (!ROOT) {
      return;
    }
    Files.setAttribute(path, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
  }

  private static void setMode(Path path, int mode) throws IOException {
    Files.setAttribute(path, "unix:mode", mode & 07777);
  }

  private static void setTime(Path path, FileTime time) {
    try {
      Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
    } catch (IOException ex) {
      LOG.debug("cannot set the time of {}: {}", path, ex.toString());
    }
  }

  private void setXattrs(Path path, TarArchiveEntry e) {
    for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
      if (!h.getKey().startsWith("SCHILY.xattr.")) {
        continue;
      }
      String attr = h.getKey().substring("SCHILY.xattr.".length());
      if (!attr.startsWith("user.")) {
        LOG.debug("{}: skipping extended attribute {} on {}", label, attr, e.getName());
        skipped++;
        continue;
      }
      try {
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class)
            .write(attr.substring(5), ByteBuffer.wrap(h.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
      } catch (IOException | UnsupportedOperationException ex) {
        LOG.debug("{}: cannot set {} on {}: {}", label, attr, e.getName(), ex.toString());
        skipped++;
      }
    }
  }

  private void run(String entry, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " timed out");
      }
    } catch (InterruptedException ex) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ex);
    }
    if (p.exitValue() != 0) {
      String out = new String(p.getInputStream().readAllBytes()).trim();
      throw new IOException("entry " + entry + ": " + command[0] + " failed: " + out);
    }
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** Whether this process can set owners and create device nodes. */
  public static boolean runningAsRoot() {
    return ROOT;
  }
}

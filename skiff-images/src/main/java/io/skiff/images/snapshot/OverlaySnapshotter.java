package io.skiff.images.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Snapshotter} for overlayfs. Each snapshot is a directory {@code snapshots/<id>/} holding {@code fs/} (its
 * own files: a layer, or a container's upper directory), {@code work/} and {@code info.json}. A snapshot appears by an
 * atomic rename of a fully prepared directory, and commit rewrites {@code info.json} atomically, so a crash leaves
 * either the old or the new state. {@link #prepare} of a snapshot with parents answers an overlay mount with the
 * parents' {@code fs} directories as lower layers; without parents, a bind mount.
 */
public final class OverlaySnapshotter implements Snapshotter {
  private static final Logger LOG = LoggerFactory.getLogger(OverlaySnapshotter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> byKey = new HashMap<>();
  private long nextId;

  private record Entry(long id, SnapshotInfo info) {}

  public OverlaySnapshotter(Path root) {
    this.root = root.resolve("snapshots");
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + this.root + ": " + e.getMessage(), e);
    }
    load();
  }

  private void load() {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.matches("[0-9]+")) {
          LOG.info("removing unfinished snapshot directory {}", dir);
          deleteTree(dir);
          continue;
        }
        long id = Long.parseLong(name);
        nextId = Math.max(nextId, id + 1);
        var node = JSON.readTree(dir.resolve("info.json").toFile());
        SnapshotInfo info = new SnapshotInfo(node.path("key").asText(), node.path("parent").asText(""),
            SnapshotInfo.Kind.valueOf(node.path("kind").asText()), Instant.parse(node.path("created").asText()));
        byKey.put(info.key(), new Entry(id, info));
      }
    } catch (IOException | RuntimeException e) {
      throw new SkiffException.Internal("cannot read snapshots in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Mount> prepare(String key, String parent) {
    return create(key, parent, SnapshotInfo.Kind.ACTIVE);
  }

  @Override
  public List<Mount> view(String key, String parent) {
    return create(key, parent, SnapshotInfo.Kind.VIEW);
  }

  private List<Mount> create(String key, String parent, SnapshotInfo.Kind kind) {
    String p = parent == null ? "" : parent;
    lock.lock();
    try {
      if (byKey.containsKey(key)) {
        throw new SkiffException.AlreadyExists(new SkiffException.Subject("snapshots", key));
      }
      if (!p.isEmpty()) {
        Entry pe = byKey.get(p);
        if (pe == null) {
          throw new SkiffException.NotFound(new SkiffException.Subject("snapshots", p));
        }
        if (pe.info().kind() != SnapshotInfo.Kind.COMMITTED) {
          throw new SkiffException.BadRequest("snapshot \"" + p + "\" is not committed and cannot be a parent");
        }
      }
      long id = nextId++;
      Path tmp = root.resolve(id + ".tmp");
      Files.createDirectories(tmp.resolve("fs"));
      Files.createDirectories(tmp.resolve("work"));
      SnapshotInfo info = new SnapshotInfo(key, p, kind, Instant.now());
      writeInfo(tmp, info);
      Files.move(tmp, dir(id), StandardCopyOption.ATOMIC_MOVE);
      byKey.put(key, new Entry(id, info));
      return mountsOf(byKey.get(key));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot prepare snapshot " + key + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Mount> mounts(String key) {
    lock.lock();
    try {
      return mountsOf(get(key));
    } finally {
      lock.unlock();
    }
  }

  private List<Mount> mountsOf(Entry e) {
    List<Path> parents = parentDirs(e.info().parent());
    Path fs = dir(e.id()).resolve("fs");
    if (e.info().kind() == SnapshotInfo.Kind.VIEW) {
      if (parents.isEmpty()) {
        return List.of(Mount.bind(fs, true));
      }
      if (parents.size() == 1) {
        return List.of(Mount.bind(parents.get(0), true));
      }
      return List.of(Mount.overlay(parents, null, null));
    }
    if (parents.isEmpty()) {
      return List.of(Mount.bind(fs, e.info().kind() == SnapshotInfo.Kind.COMMITTED));
    }
    return List.of(Mount.overlay(parents, fs, dir(e.id()).resolve("work")));
  }

  /** The fs directories of {@code name} and its ancestors, nearest first. */
  private List<Path> parentDirs(String name) {
    List<Path> out = new ArrayList<>();
    String p = name;
    while (!p.isEmpty()) {
      Entry pe = byKey.get(p);
      if (pe == null) {
        throw new SkiffException.Internal("snapshot parent \"" + p + "\" is missing", null);
      }
      out.add(dir(pe.id()).resolve("fs"));
      p = pe.info().parent();
    }
    return out;
  }

  @Override
  public void commit(String name, String key) {
    lock.lock();
    try {
      Entry e = get(key);
      if (e.info().kind() != SnapshotInfo.Kind.ACTIVE) {
        throw new SkiffException.BadRequest("snapshot \"" + key + "\" is not active and cannot be committed");
      }
      if (byKey.containsKey(name)) {
        throw new SkiffException.AlreadyExists(new SkiffException.Subject("snapshots", name));
      }
      SnapshotInfo info = new SnapshotInfo(name, e.info().parent(), SnapshotInfo.Kind.COMMITTED, Instant.now());
      writeInfo(dir(e.id()), info);
      byKey.remove(key);
      byKey.put(name, new Entry(e.id(), info));
    } catch (IOException ex) {
      throw new SkiffException.Internal("cannot commit snapshot " + key + ": " + ex.getMessage(), ex);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void remove(String key) {
    Path doomed;
    lock.lock();
    try {
      Entry e = get(key);
      boolean hasChildren = byKey.values().stream().anyMatch(o -> o.info().parent().equals(key));
      if (hasChildren) {
        throw new SkiffException.Conflict(new SkiffException.Subject("snapshots", key), "it is the parent of other snapshots");
      }
      byKey.remove(key);
      doomed = root.resolve(e.id() + ".removing");
      Files.move(dir(e.id()), doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw new SkiffException.Internal("cannot remove snapshot " + key + ": " + ex.getMessage(), ex);
    } finally {
      lock.unlock();
    }
    deleteTree(doomed);
  }

  @Override
  public Optional<SnapshotInfo> stat(String key) {
    lock.lock();
    try {
      return Optional.ofNullable(byKey.get(key)).map(Entry::info);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<SnapshotInfo> walk() {
    lock.lock();
    try {
      return byKey.values().stream().map(Entry::info).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Usage usage(String key) {
    Path fs = directory(key);
    long[] acc = new long[2];
    try (Stream<Path> s = Files.walk(fs)) {
      s.forEach(p -> {
        acc[1]++;
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (a.isRegularFile()) {
            acc[0] += a.size();
          }
        } catch (IOException e) {
          LOG.debug("usage: {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot measure snapshot " + key + ": " + e.getMessage(), e);
    }
    return new Usage(acc[0], acc[1]);
  }

  @Override
  public Path directory(String key) {
    lock.lock();
    try {
      return dir(get(key).id()).resolve("fs");
    } finally {
      lock.unlock();
    }
  }

  private Entry get(String key) {
    Entry e = byKey.get(key);
    if (e == null) {
      throw new SkiffException.NotFound(new SkiffException.Subject("snapshots", key));
    }
    return e;
  }

  private Path dir(long id) {
    return root.resolve(Long.toString(id));
  }

  private static void writeInfo(Path dir, SnapshotInfo info) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", info.key());
    n.put("parent", info.parent());
    n.put("kind", info.kind().name());
    n.put("created", info.created().toString());
    Path tmp = dir.resolve("info.json.tmp");
    Files.write(tmp, JSON.writeValueAsBytes(n));
    Files.move(tmp, dir.resolve("info.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Deletes a tree without following symbolic links. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = s.toList();
      for (Path p : all) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          p.toFile().setWritable(true, true);
          p.toFile().setExecutable(true, true);
        }
      }
      for (Path p : all.stream().sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}

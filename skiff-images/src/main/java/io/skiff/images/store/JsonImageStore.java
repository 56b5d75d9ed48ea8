package io.skiff.images.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.common.SkiffException;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.OciJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link ImageStore} in {@code images.json}: every write replaces the file with a synced temporary file by an atomic
 * rename, so a crash leaves the old or the new list. The file is re-read when another process changed it.
 */
public final class JsonImageStore implements ImageStore {
  private static final ObjectMapper JSON = OciJson.MAPPER;
  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private TreeMap<String, ImageRecord> records = new TreeMap<>();
  private long loadedStamp = -1;

  public JsonImageStore(Path dir) {
    this.file = dir.resolve("images.json");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ImageRecord> find(String name) {
    lock.lock();
    try {
      refresh();
      return Optional.ofNullable(records.get(name));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<ImageRecord> list() {
    lock.lock();
    try {
      refresh();
      return List.copyOf(records.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(ImageRecord record) {
    lock.lock();
    try {
      refresh();
      records.put(record.name(), record);
      save();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean delete(String name) {
    lock.lock();
    try {
      refresh();
      boolean existed = records.remove(name) != null;
      if (existed) {
        save();
      }
      return existed;
    } finally {
      lock.unlock();
    }
  }

  private void refresh() {
    try {
      if (!Files.exists(file)) {
        records = new TreeMap<>();
        loadedStamp = -1;
        return;
      }
      long stamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
      if (stamp == loadedStamp) {
        return;
      }
      TreeMap<String, ImageRecord> loaded = new TreeMap<>();
      for (JsonNode n : JSON.readTree(file.toFile()).path("images")) {
        ImageRecord r = new ImageRecord(n.path("name").asText(),
            JSON.treeToValue(n.path("target"), Descriptor.class),
            digest(n.path("manifest")), digest(n.path("config")),
            ImageRecord.Status.valueOf(n.path("status").asText("READY")), n.path("reason").asText(""),
            Instant.parse(n.path("created").asText()), Instant.parse(n.path("updated").asText()));
        loaded.put(r.name(), r);
      }
      records = loaded;
      loadedStamp = stamp;
    } catch (IOException | RuntimeException e) {
      throw new SkiffException.Internal("cannot read image records " + file + ": " + e.getMessage(), e);
    }
  }

  private static Digest digest(JsonNode n) {
    return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : Digest.parse(n.asText());
  }

  private void save() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("images");
    for (ImageRecord r : records.values()) {
      ObjectNode n = arr.addObject();
      n.put("name", r.name());
      n.set("target", JSON.valueToTree(r.target()));
      n.put("manifest", r.manifest() == null ? "" : r.manifest().toString());
      n.put("config", r.config() == null ? "" : r.config().toString());
      n.put("status", r.status().name());
      n.put("reason", r.reason());
      n.put("created", r.created().toString());
      n.put("updated", r.updated().toString());
    }
    List<Path> cleanup = new ArrayList<>();
    try {
      Path tmp = file.resolveSibling("images.json." + ProcessHandle.current().pid() + ".tmp");
      cleanup.add(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      cleanup.clear();
      loadedStamp = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot write image records " + file + ": " + e.getMessage(), e);
    } finally {
      for (Path p : cleanup) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a leftover temporary file is harmless and overwritten next time
        }
      }
    }
  }
}

package io.skiff.runtime.runc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.cni.CniResult;
import io.skiff.runtime.oci.OciSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's records as JSON files, each written to a temporary file and renamed into place so that a crash
 * never leaves half a record. Records read back are kept by file identity (device and inode, which every rename
 * changes): a record is parsed again only when its file was replaced, so listing the pods costs one stat per record.
 */
final class StateStore {

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Rootfs.Overlay.class, name = "overlay"),
      @JsonSubTypes.Type(value = Rootfs.Prepared.class, name = "prepared")})
  private interface RootfsMixin {}

  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addMixIn(Rootfs.class, RootfsMixin.class);

  private final RuntimeLayout layout;
  private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

  /** A record as parsed from the file with this identity. */
  private record Parsed(Object fileKey, FileTime modified, long size, Object value) {}

  StateStore(RuntimeLayout layout) {
    this.layout = layout;
  }

  void save(SandboxRecord r) {
    saveRecord(layout.sandboxDir(r.id()).resolve("sandbox.json"), r);
  }

  Optional<SandboxRecord> findSandbox(SandboxId id) {
    return read(layout.sandboxDir(id).resolve("sandbox.json"), SandboxRecord.class);
  }

  List<SandboxRecord> sandboxes() {
    return all(layout.sandboxesDir(), "sandbox.json", SandboxRecord.class);
  }

  void save(ContainerRecord r) {
    saveRecord(layout.containerDir(r.id()).resolve("container.json"), r);
  }

  Optional<ContainerRecord> findContainer(ContainerId id) {
    return read(layout.containerDir(id).resolve("container.json"), ContainerRecord.class);
  }

  List<ContainerRecord> containers() {
    return all(layout.containersDir(), "container.json", ContainerRecord.class);
  }

  /** The records of every child directory of {@code dir}; forgets what was parsed for directories gone since. */
  private <T> List<T> all(Path dir, String fileName, Class<T> type) {
    List<T> out = new ArrayList<>();
    Set<Path> files = new HashSet<>();
    for (Path child : children(dir)) {
      Path file = child.resolve(fileName);
      files.add(file);
      read(file, type).ifPresent(out::add);
    }
    parsed.keySet().removeIf(f -> f.getFileName().toString().equals(fileName) && dir.equals(f.getParent().getParent()) && !files.contains(f));
    return out;
  }

  List<ContainerRecord> containers(SandboxId sandbox) {
    return containers().stream().filter(c -> c.sandboxId().equals(sandbox)).toList();
  }

  void saveCni(SandboxId id, CniResult result) {
    write(layout.sandboxDir(id).resolve("cni.json"), result);
  }

  Optional<CniResult> findCni(SandboxId id) {
    return read(layout.sandboxDir(id).resolve("cni.json"), CniResult.class);
  }

  /** Writes an OCI spec as the bundle's config.json. */
  void writeSpec(Path bundle, OciSpec spec) {
    write(bundle.resolve("config.json"), spec);
  }

  private void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot write " + file, e);
    }
  }

  /** Writes a record and keeps it as parsed, so that reading it back costs a stat. */
  private void saveRecord(Path file, Object value) {
    parsed.remove(file);
    write(file, value);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      parsed.put(file, new Parsed(attrs.fileKey(), attrs.lastModifiedTime(), attrs.size(), value));
    } catch (IOException e) {
      // Read back from the file next time.
    }
  }

  private <T> Optional<T> read(Path file, Class<T> type) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      Parsed known = parsed.get(file);
      if (known != null && attrs.fileKey() != null && attrs.fileKey().equals(known.fileKey()) && attrs.lastModifiedTime().equals(known.modified())
          && attrs.size() == known.size() && type.isInstance(known.value())) {
        return Optional.of(type.cast(known.value()));
      }
      T value = JSON.readValue(Files.readAllBytes(file), type);
      parsed.put(file, new Parsed(attrs.fileKey(), attrs.lastModifiedTime(), attrs.size(), value));
      return Optional.of(value);
    } catch (NoSuchFileException e) {
      parsed.remove(file);
      return Optional.empty();
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot read " + file, e);
    }
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot list " + dir, e);
    }
    return out;
  }
}

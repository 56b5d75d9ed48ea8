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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's records as JSON files, each written to a temporary file and renamed into place so that a crash
 * never leaves half a record.
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

  StateStore(RuntimeLayout layout) {
    this.layout = layout;
  }

  void save(SandboxRecord r) {
    write(layout.sandboxDir(r.id()).resolve("sandbox.json"), r);
  }

  Optional<SandboxRecord> findSandbox(SandboxId id) {
    return read(layout.sandboxDir(id).resolve("sandbox.json"), SandboxRecord.class);
  }

  List<SandboxRecord> sandboxes() {
    List<SandboxRecord> out = new ArrayList<>();
    for (Path dir : children(layout.sandboxesDir())) {
      read(dir.resolve("sandbox.json"), SandboxRecord.class).ifPresent(out::add);
    }
    return out;
  }

  void save(ContainerRecord r) {
    write(layout.containerDir(r.id()).resolve("container.json"), r);
  }

  Optional<ContainerRecord> findContainer(ContainerId id) {
    return read(layout.containerDir(id).resolve("container.json"), ContainerRecord.class);
  }

  List<ContainerRecord> containers() {
    List<ContainerRecord> out = new ArrayList<>();
    for (Path dir : children(layout.containersDir())) {
      read(dir.resolve("container.json"), ContainerRecord.class).ifPresent(out::add);
    }
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

  private static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot write " + file, e);
    }
  }

  private static <T> Optional<T> read(Path file, Class<T> type) {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), type));
    } catch (NoSuchFileException e) {
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

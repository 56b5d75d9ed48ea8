package io.skiff.images.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.common.SkiffException;
import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImage;
import io.skiff.images.LocalImageService;
import io.skiff.images.PruneResult;
import io.skiff.images.archive.ImageImporter;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.oci.OciJson;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.store.ImageRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code skiff images} subcommands as plain methods for the CLI module to call. Each returns the process exit
 * code: 0 on success, 1 when it failed (the reason printed to {@code err} as {@code error: …}).
 */
public final class ImagesCommands {
  private final ImagesConfig config;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private LocalImageService service;

  /**
   * @param dataDir        skiff's data directory (the store is {@code dataDir/images})
   * @param registryConfig a registries.yaml to use instead of {@code dataDir/registries.yaml}, or null
   * @param terminal       whether {@code out} is a terminal (live progress) or not (plain lines)
   */
  public ImagesCommands(Path dataDir, Path registryConfig, PrintStream out, PrintStream err, boolean terminal) {
    this(ImagesConfig.forDataDir(dataDir, registryConfig), out, err, terminal);
  }

  public ImagesCommands(ImagesConfig config, PrintStream out, PrintStream err, boolean terminal) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  private LocalImageService images() {
    if (service == null) {
      service = new LocalImageService(config);
    }
    return service;
  }

  /** {@code skiff images pull REF}. */
  public int pull(String ref, PullCredentials credentials, Platform platform) {
    return run(() -> {
      LocalImage image = images().pull(ImageRef.parse(ref), credentials, platform, new ProgressDisplay(out, terminal));
      out.println(image.repoDigest());
    });
  }

  public int pull(String ref) {
    return pull(ref, PullCredentials.NONE, Platform.current());
  }

  /** {@code skiff images ls}: one row per name, as {@code crictl images} shows them. */
  public int list() {
    return run(() -> {
      String fmt = "%-50s %-20s %-15s %-15s %s%n";
      out.printf(Locale.ROOT, fmt, "IMAGE", "TAG", "DIGEST", "IMAGE ID", "SIZE");
      for (LocalImage i : images().list()) {
        ImageRef r = ImageRef.parse(i.name());
        out.printf(Locale.ROOT, fmt, r.name(), r.tag().isEmpty() ? "<none>" : r.tag(), i.target().digest().shortHex(),
            i.id().shortHex(), ProgressDisplay.human(i.size()));
      }
      for (ImageRecord bad : images().records()) {
        if (!bad.ready()) {
          out.printf(Locale.ROOT, fmt, bad.name(), "(bad)", bad.target().digest().shortHex(), "-", bad.reason());
        }
      }
    });
  }

  /** {@code skiff images rm REF...}. */
  public int remove(List<String> refs) {
    return run(() -> {
      for (String r : refs) {
        images().remove(ImageRef.parse(r));
        out.println("Deleted: " + ImageRef.parse(r));
      }
    });
  }

  /** {@code skiff images inspect REF}: the image as JSON. */
  public int inspect(String ref) {
    return run(() -> {
      ImageRef r = ImageRef.parse(ref);
      Optional<LocalImage> found = images().findLocal(r);
      if (found.isEmpty()) {
        Optional<ImageRecord> bad = images().findRecord(r);
        if (bad.isPresent()) {
          throw new SkiffException.NotFound("image " + r + " is marked bad: " + bad.get().reason());
        }
        throw new SkiffException.NotFound(new SkiffException.Subject("images", r.toString()));
      }
      LocalImage i = found.get();
      ObjectNode n = OciJson.MAPPER.createObjectNode();
      n.put("name", i.name());
      n.put("repoDigest", i.repoDigest());
      n.put("id", i.id().toString());
      n.put("manifest", i.manifest().toString());
      n.put("mediaType", i.target().mediaType());
      n.put("size", i.size());
      n.put("platform", i.config().platform().toString());
      ObjectNode c = n.putObject("config");
      c.set("entrypoint", OciJson.MAPPER.valueToTree(i.config().entrypoint()));
      c.set("cmd", OciJson.MAPPER.valueToTree(i.config().cmd()));
      c.set("env", OciJson.MAPPER.valueToTree(i.config().env()));
      c.put("workingDir", i.config().workingDir());
      c.put("user", i.config().user());
      c.set("labels", OciJson.MAPPER.valueToTree(i.config().labels()));
      ArrayNode layers = n.putArray("layers");
      for (int k = 0; k < i.chainIds().size(); k++) {
        layers.addObject().put("diffId", i.config().diffIds().get(k).toString())
            .put("chainId", i.chainIds().get(k).toString()).put("dir", i.layerDirs().get(k).toString());
      }
      n.put("updated", i.updated().toString());
      out.println(OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    });
  }

  /** {@code skiff images import SOURCE [NAME]}: an OCI layout directory or tar, or a {@code docker save} tar. */
  public int importImage(Path source, String name) {
    return run(() -> {
      for (LocalImage i : new ImageImporter(images()).importFrom(source, name, Platform.current(), new ProgressDisplay(out, terminal))) {
        out.println("imported " + i.name());
      }
    });
  }

  /** {@code skiff images prune}: images no container uses, then unreferenced blobs and snapshots. */
  public int prune() {
    return run(() -> {
      PruneResult r = images().prune();
      r.images().forEach(n -> out.println("Deleted: " + n));
      out.println("Removed " + r.blobs().size() + " blobs (" + ProgressDisplay.human(r.bytesFreed()) + ") and "
          + r.snapshots().size() + " snapshots");
    });
  }

  private interface Action {
    void run() throws Exception;
  }

  private int run(Action action) {
    try {
      action.run();
      return 0;
    } catch (SkiffException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("error: " + e);
      return 1;
    }
  }
}

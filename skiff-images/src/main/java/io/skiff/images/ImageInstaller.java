package io.skiff.images;

import io.skiff.common.SkiffException;
import io.skiff.images.content.BlobWriter;
import io.skiff.images.content.LocalContentStore;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.ImageConfig;
import io.skiff.images.oci.Index;
import io.skiff.images.oci.Manifest;
import io.skiff.images.oci.MediaTypes;
import io.skiff.images.oci.OciJson;
import io.skiff.images.oci.Platform;
import io.skiff.images.snapshot.ChainIds;
import io.skiff.images.snapshot.Decompressor;
import io.skiff.images.snapshot.SnapshotInfo;
import io.skiff.images.snapshot.Snapshotter;
import io.skiff.images.snapshot.TarLayerApplier;
import io.skiff.images.store.ImageRecord;
import io.skiff.images.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an image's content into the store and unpacks it: the index (platform chosen), manifest and config are
 * read locally or fetched; layers whose snapshot is missing are downloaded concurrently (bounded) and unpacked in
 * order as soon as each and all below it are ready. Content already present is never fetched again. A layer whose
 * tar is refused marks the image bad.
 */
final class ImageInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(ImageInstaller.class);

  private final LocalContentStore content;
  private final Snapshotter snapshots;
  private final ImageStore records;
  private final int maxConcurrentDownloads;
  private final InstantSource clock;

  ImageInstaller(LocalContentStore content, Snapshotter snapshots, ImageStore records, int maxConcurrentDownloads,
      InstantSource clock) {
    this.content = content;
    this.snapshots = snapshots;
    this.records = records;
    this.maxConcurrentDownloads = maxConcurrentDownloads;
    this.clock = clock;
  }

  LocalImage install(String name, Descriptor target, BlobSource source, Platform platform, PullListener listener) {
    Instant start = clock.instant();
    AtomicLong downloaded = new AtomicLong();
    Descriptor manifestDesc = platformManifest(name, target, source, platform, downloaded);
    Manifest manifest = OciJson.manifest(ensureDocument(manifestDesc, source, downloaded));
    for (Descriptor l : manifest.layers()) {
      if (!MediaTypes.isLayer(l.mediaType()) || MediaTypes.isForeign(l.mediaType())) {
        throw new SkiffException.BadRequest(name + ": layer " + l.digest() + " has unsupported media type \"" + l.mediaType() + "\"");
      }
    }
    if (content.findInfo(manifest.config().digest()).isEmpty()) {
      source.blob(manifest.config(), content, n -> {});
      downloaded.addAndGet(manifest.config().size());
    }
    ImageConfig config = OciJson.imageConfig(content.readAll(manifest.config().digest()));
    if (config.diffIds().size() != manifest.layers().size()) {
      throw new SkiffException.BadRequest(name + ": the config lists " + config.diffIds().size() + " layers, the manifest "
          + manifest.layers().size());
    }
    List<Digest> chain = ChainIds.of(config.diffIds());
    unpackLayers(name, target, manifest, config, chain, source, listener, downloaded);
    Instant now = clock.instant();
    Instant created = records.find(name).map(ImageRecord::created).orElse(now);
    ImageRecord record = new ImageRecord(name, target, manifestDesc.digest(), manifest.config().digest(),
        ImageRecord.Status.READY, "", created, now);
    records.put(record);
    LocalImage image = view(record);
    listener.on(new PullEvent.Completed(image, Duration.between(start, now), downloaded.get()));
    return image;
  }

  private Descriptor platformManifest(String name, Descriptor target, BlobSource source, Platform platform, AtomicLong downloaded) {
    if (MediaTypes.isSchema1(target.mediaType())) {
      throw new SkiffException.BadRequest(name + ": Docker schema 1 manifests are not supported; push the image again with a current client");
    }
    if (!MediaTypes.isIndex(target.mediaType())) {
      if (!MediaTypes.isManifest(target.mediaType())) {
        throw new SkiffException.BadRequest(name + ": unsupported manifest media type \"" + target.mediaType() + "\"");
      }
      return target;
    }
    Index index = OciJson.index(ensureDocument(target, source, downloaded));
    Descriptor chosen = index.select(platform).orElseThrow(() -> new SkiffException.NotFound(
        "no match for platform " + platform + " in the manifest list of " + name + " (it has: "
            + index.manifests().stream().filter(d -> d.platform() != null).map(d -> d.platform().toString()).distinct().toList() + ")"));
    if (!MediaTypes.isManifest(chosen.mediaType())) {
      throw new SkiffException.BadRequest(name + ": nested indexes are not supported (" + chosen.mediaType() + ")");
    }
    return chosen;
  }

  private byte[] ensureDocument(Descriptor d, BlobSource source, AtomicLong downloaded) {
    if (content.findInfo(d.digest()).isPresent()) {
      return content.readAll(d.digest());
    }
    byte[] bytes = source.manifest(d);
    try (BlobWriter w = content.writer("manifest " + d.digest())) {
      w.write(bytes, 0, bytes.length);
      w.commit(d.size(), d.digest());
    }
    downloaded.addAndGet(bytes.length);
    return bytes;
  }

  private void unpackLayers(String name, Descriptor target, Manifest manifest, ImageConfig config, List<Digest> chain,
      BlobSource source, PullListener listener, AtomicLong downloaded) {
    int n = manifest.layers().size();
    boolean[] unpacked = new boolean[n];
    for (int i = 0; i < n; i++) {
      unpacked[i] = snapshots.stat(chain.get(i).toString()).map(s -> s.kind() == SnapshotInfo.Kind.COMMITTED).orElse(false);
      Descriptor l = manifest.layers().get(i);
      listener.on(new PullEvent.LayerPlanned(l, unpacked[i] || content.findInfo(l.digest()).isPresent()));
    }
    Semaphore permits = new Semaphore(maxConcurrentDownloads);
    ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<?>> downloads = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Descriptor l = manifest.layers().get(i);
        if (unpacked[i] || content.findInfo(l.digest()).isPresent()) {
          downloads.add(null);
          continue;
        }
        downloads.add(exec.submit(() -> {
          permits.acquire();
          try {
            source.blob(l, content, bytes -> listener.on(new PullEvent.LayerProgress(l, bytes)));
            downloaded.addAndGet(l.size());
            listener.on(new PullEvent.LayerDownloaded(l));
          } finally {
            permits.release();
          }
          return null;
        }));
      }
      for (int i = 0; i < n; i++) {
        if (downloads.get(i) != null) {
          await(downloads.get(i));
        }
        if (!unpacked[i]) {
          unpack(name, target, manifest.layers().get(i), config.diffIds().get(i), chain, i, listener);
        }
      }
    } finally {
      exec.shutdownNow();
      exec.close();
    }
  }

  private void unpack(String name, Descriptor target, Descriptor layer, Digest diffId, List<Digest> chain, int i, PullListener listener) {
    Instant start = clock.instant();
    String chainId = chain.get(i).toString();
    String parent = i == 0 ? "" : chain.get(i - 1).toString();
    String key = "extract-" + UUID.randomUUID() + "-" + chainId;
    snapshots.prepare(key, parent);
    boolean committed = false;
    try {
      Path dir = snapshots.directory(key);
      TarLayerApplier.Result result;
      try (InputStream in = Decompressor.open(content.open(layer.digest()))) {
        result = TarLayerApplier.apply(in, dir, "layer " + layer.digest() + " of " + name);
      } catch (IOException e) {
        throw new SkiffException.BadRequest("layer " + layer.digest() + " of " + name + ": cannot decompress: " + e.getMessage(), e);
      }
      if (!result.diffId().equals(diffId)) {
        throw new SkiffException.BadRequest("layer " + layer.digest() + " of " + name + ": uncompressed digest " + result.diffId()
            + " does not match the config's diff ID " + diffId);
      }
      try {
        snapshots.commit(chainId, key);
        committed = true;
      } catch (SkiffException.AlreadyExists e) {
        LOG.debug("layer {} was unpacked concurrently by another pull", chainId);
      }
      listener.on(new PullEvent.LayerUnpacked(layer, chain.get(i), Duration.between(start, clock.instant())));
    } catch (SkiffException.BadRequest refused) {
      markBad(name, target, refused.getMessage());
      content.delete(layer.digest());
      throw new SkiffException.BadRequest("image " + name + " is marked bad: " + refused.getMessage(), refused);
    } finally {
      if (!committed) {
        snapshots.remove(key);
      }
    }
  }

  private void markBad(String name, Descriptor target, String reason) {
    Instant now = clock.instant();
    LOG.warn("marking image {} ({}) bad: {}", name, target.digest(), reason);
    records.put(new ImageRecord(name, target, null, null, ImageRecord.Status.BAD, reason, now, now));
  }

  /** The runnable view of a ready record; {@link SkiffException.NotFound} when its content is gone. */
  LocalImage view(ImageRecord r) {
    if (!r.ready()) {
      throw new SkiffException.NotFound("image " + r.name() + " is marked bad: " + r.reason());
    }
    byte[] manifestBytes = content.readAll(r.manifest());
    Manifest m = OciJson.manifest(manifestBytes);
    ImageConfig config = OciJson.imageConfig(content.readAll(r.config()));
    List<Digest> chain = ChainIds.of(config.diffIds());
    List<Path> dirs = new ArrayList<>();
    for (Digest c : chain) {
      dirs.add(snapshots.directory(c.toString()));
    }
    long size = manifestBytes.length + m.contentSize();
    return new LocalImage(r.name(), r.target(), r.manifest(), r.config(), config, size, chain, dirs, r.updated());
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while downloading layers", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SkiffException s) {
        throw s;
      }
      if (e.getCause() instanceof InterruptedException ie) {
        throw new SkiffException.Unavailable("interrupted while downloading layers", ie);
      }
      throw new SkiffException.Internal("layer download failed: " + e.getCause(), e.getCause());
    }
  }

}

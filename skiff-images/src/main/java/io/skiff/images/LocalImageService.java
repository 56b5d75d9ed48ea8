package io.skiff.images;

import io.skiff.common.SkiffException;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistryHosts;
import io.skiff.images.content.ContentStore;
import io.skiff.images.content.LocalContentStore;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.HttpRegistryClient;
import io.skiff.images.registry.RegistryClient;
import io.skiff.images.registry.Resolution;
import io.skiff.images.snapshot.OverlaySnapshotter;
import io.skiff.images.snapshot.SnapshotInfo;
import io.skiff.images.snapshot.Snapshotter;
import io.skiff.images.store.GarbageCollector;
import io.skiff.images.store.ImageRecord;
import io.skiff.images.store.ImageStore;
import io.skiff.images.store.JsonImageStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

/**
 * {@link ImageService} in a directory ({@code DATA_DIR/images}): {@code content/} (blobs), {@code snapshots/}
 * (unpacked layers and container roots) and {@code images.json} (records). Pulls of one reference and platform share
 * one download; pulls and imports run concurrently with each other but not with removal or garbage collection.
 */
public final class LocalImageService implements ImageService {
  private final LocalContentStore content;
  private final OverlaySnapshotter snapshots;
  private final JsonImageStore records;
  private final RegistryClient client;
  private final ImageInstaller installer;
  private final ContainerRoots roots;
  private final SingleFlight<String, LocalImage> flights = new SingleFlight<>();
  private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();

  public LocalImageService(ImagesConfig config) {
    this(config, new HttpRegistryClient(new RegistryHosts(config.registries()), config.client()), InstantSource.system());
  }

  public LocalImageService(ImagesConfig config, RegistryClient client, InstantSource clock) {
    this.content = new LocalContentStore(config.root().resolve("content"));
    this.snapshots = new OverlaySnapshotter(config.root());
    this.records = new JsonImageStore(config.root());
    this.client = client;
    this.installer = new ImageInstaller(content, snapshots, records, config.maxConcurrentDownloads(), clock);
    this.roots = new ContainerRoots(snapshots);
    removeUnfinishedExtractions();
  }

  private void removeUnfinishedExtractions() {
    for (SnapshotInfo s : snapshots.walk()) {
      if (s.kind() == SnapshotInfo.Kind.ACTIVE && s.key().startsWith("extract-")) {
        snapshots.remove(s.key());
      }
    }
  }

  @Override
  public LocalImage pull(ImageRef ref, PullCredentials credentials, Platform platform, PullListener listener) {
    return flights.run(ref + "|" + platform, () -> {
      gcLock.readLock().lock();
      try {
        Resolution resolution = client.resolve(ref, credentials);
        listener.on(new PullEvent.Resolved(ref, resolution.descriptor()));
        refuseKnownBad(resolution.descriptor());
        return installer.install(ref.toString(), resolution.descriptor(), new RegistrySource(client, resolution), platform, listener);
      } finally {
        gcLock.readLock().unlock();
      }
    });
  }

  /** Installs an image from another source (an OCI layout or an archive) under {@code name}. */
  public LocalImage install(ImageRef name, Descriptor target, BlobSource source, Platform platform, PullListener listener) {
    gcLock.readLock().lock();
    try {
      return installer.install(name.toString(), target, source, platform, listener);
    } finally {
      gcLock.readLock().unlock();
    }
  }

  private void refuseKnownBad(Descriptor target) {
    for (ImageRecord r : records.list()) {
      if (!r.ready() && r.target().digest().equals(target.digest())) {
        throw new SkiffException.BadRequest("image " + r.name() + " (" + target.digest() + ") is marked bad: " + r.reason()
            + "; remove it to try again");
      }
    }
  }

  @Override
  public Optional<LocalImage> findLocal(ImageRef ref) {
    Optional<ImageRecord> record;
    if (ref.digest() != null) {
      record = records.list().stream()
          .filter(r -> r.ready() && ImageRef.parse(r.name()).name().equals(ref.name())
              && (r.target().digest().equals(ref.digest()) || ref.digest().equals(r.manifest())))
          .findFirst();
    } else {
      record = records.find(ref.toString()).filter(ImageRecord::ready);
    }
    try {
      return record.map(installer::view);
    } catch (SkiffException.NotFound e) {
      return Optional.empty();
    }
  }

  /** The record of a name, ready or bad. */
  public Optional<ImageRecord> findRecord(ImageRef ref) {
    return records.find(ref.toString());
  }

  @Override
  public List<LocalImage> list() {
    List<LocalImage> out = new ArrayList<>();
    for (ImageRecord r : records.list()) {
      if (r.ready()) {
        try {
          out.add(installer.view(r));
        } catch (SkiffException.NotFound e) {
          // content removed underneath the record: not listed as present
        }
      }
    }
    return out;
  }

  /** Every record, including images marked bad. */
  public List<ImageRecord> records() {
    return records.list();
  }

  @Override
  public void remove(ImageRef ref) {
    gcLock.writeLock().lock();
    try {
      List<String> names = new ArrayList<>();
      if (records.find(ref.toString()).isPresent()) {
        names.add(ref.toString());
      } else if (ref.digest() != null) {
        for (ImageRecord r : records.list()) {
          if (ImageRef.parse(r.name()).name().equals(ref.name())
              && (r.target().digest().equals(ref.digest()) || ref.digest().equals(r.manifest()))) {
            names.add(r.name());
          }
        }
      }
      if (names.isEmpty()) {
        throw new SkiffException.NotFound(new SkiffException.Subject("images", ref.toString()));
      }
      names.forEach(records::delete);
      new GarbageCollector(records, content, snapshots).collect();
    } finally {
      gcLock.writeLock().unlock();
    }
  }

  @Override
  public PruneResult prune() {
    gcLock.writeLock().lock();
    try {
      Set<String> inUse = snapshots.walk().stream()
          .filter(s -> s.kind() != SnapshotInfo.Kind.COMMITTED)
          .map(SnapshotInfo::parent).collect(Collectors.toSet());
      List<String> removed = new ArrayList<>();
      for (ImageRecord r : records.list()) {
        boolean used = false;
        if (r.ready()) {
          try {
            used = inUse.contains(installer.view(r).topSnapshot());
          } catch (SkiffException.NotFound e) {
            used = false;
          }
        }
        if (!used) {
          records.delete(r.name());
          removed.add(r.name());
        }
      }
      GarbageCollector.Result gc = new GarbageCollector(records, content, snapshots).collect();
      return new PruneResult(removed, gc.blobsRemoved(), gc.bytesFreed(), gc.snapshotsRemoved());
    } finally {
      gcLock.writeLock().unlock();
    }
  }

  /** Removes blobs and snapshots no image or container needs, keeping every image. */
  public GarbageCollector.Result collectGarbage() {
    gcLock.writeLock().lock();
    try {
      return new GarbageCollector(records, content, snapshots).collect();
    } finally {
      gcLock.writeLock().unlock();
    }
  }

  /** Containers' writable roots over images of this store. */
  public ContainerRoots containerRoots() {
    return roots;
  }

  public ContentStore content() {
    return content;
  }

  public Snapshotter snapshotter() {
    return snapshots;
  }

  /** The image records, for tools that inspect the store. */
  public ImageStore imageStore() {
    return records;
  }
}

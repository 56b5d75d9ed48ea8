package io.skiff.images.store;

import io.skiff.common.SkiffException;
import io.skiff.images.content.BlobInfo;
import io.skiff.images.content.ContentStore;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.Index;
import io.skiff.images.oci.Manifest;
import io.skiff.images.oci.MediaTypes;
import io.skiff.images.oci.OciJson;
import io.skiff.images.snapshot.ChainIds;
import io.skiff.images.snapshot.SnapshotInfo;
import io.skiff.images.snapshot.Snapshotter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep: every blob reachable from an image record (index, manifests present locally, config, layers) and
 * every snapshot that a ready image's layers or an active snapshot (a container's writable root, an unpack in
 * progress) stands on is kept; the rest is deleted. The caller excludes concurrent pulls while it runs.
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /** What one collection removed. */
  public record Result(List<Digest> blobsRemoved, long bytesFreed, List<String> snapshotsRemoved) {}

  private final ImageStore images;
  private final ContentStore content;
  private final Snapshotter snapshots;

  public GarbageCollector(ImageStore images, ContentStore content, Snapshotter snapshots) {
    this.images = images;
    this.content = content;
    this.snapshots = snapshots;
  }

  public Result collect() {
    Set<Digest> liveBlobs = new HashSet<>();
    Set<String> liveSnapshots = new HashSet<>();
    for (ImageRecord r : images.list()) {
      markBlobs(r.target(), liveBlobs, liveSnapshots, r.ready());
    }
    List<Digest> removed = new ArrayList<>();
    long freed = 0;
    for (BlobInfo b : content.walk()) {
      if (!liveBlobs.contains(b.digest()) && content.delete(b.digest())) {
        removed.add(b.digest());
        freed += b.size();
      }
    }
    Map<String, SnapshotInfo> all = new HashMap<>();
    for (SnapshotInfo s : snapshots.walk()) {
      all.put(s.key(), s);
    }
    Deque<String> keep = new ArrayDeque<>(liveSnapshots);
    all.values().stream().filter(s -> s.kind() != SnapshotInfo.Kind.COMMITTED).forEach(s -> keep.add(s.key()));
    Set<String> kept = new HashSet<>();
    while (!keep.isEmpty()) {
      String k = keep.pop();
      SnapshotInfo s = all.get(k);
      if (s != null && kept.add(k) && !s.parent().isEmpty()) {
        keep.push(s.parent());
      }
    }
    List<SnapshotInfo> doomed = new ArrayList<>(all.values().stream().filter(s -> !kept.contains(s.key())).toList());
    doomed.sort((a, b) -> Integer.compare(depth(b, all), depth(a, all)));
    List<String> removedSnapshots = new ArrayList<>();
    for (SnapshotInfo s : doomed) {
      snapshots.remove(s.key());
      removedSnapshots.add(s.key());
    }
    LOG.info("garbage collection removed {} blobs ({} bytes) and {} snapshots", removed.size(), freed, removedSnapshots.size());
    return new Result(List.copyOf(removed), freed, List.copyOf(removedSnapshots));
  }

  private void markBlobs(Descriptor d, Set<Digest> blobs, Set<String> liveSnapshots, boolean ready) {
    if (!blobs.add(d.digest()) || content.findInfo(d.digest()).isEmpty()) {
      return;
    }
    try {
      if (MediaTypes.isIndex(d.mediaType())) {
        Index index = OciJson.index(content.readAll(d.digest()));
        for (Descriptor m : index.manifests()) {
          if (content.findInfo(m.digest()).isPresent()) {
            markBlobs(m, blobs, liveSnapshots, ready);
          }
        }
      } else if (MediaTypes.isManifest(d.mediaType())) {
        Manifest m = OciJson.manifest(content.readAll(d.digest()));
        blobs.add(m.config().digest());
        m.layers().forEach(l -> blobs.add(l.digest()));
        if (ready && content.findInfo(m.config().digest()).isPresent()) {
          List<Digest> diffIds = OciJson.imageConfig(content.readAll(m.config().digest())).diffIds();
          ChainIds.of(diffIds).forEach(c -> liveSnapshots.add(c.toString()));
        }
      }
    } catch (SkiffException.BadRequest e) {
      LOG.warn("garbage collection: cannot read {}: {}", d.digest(), e.getMessage());
    }
  }

  private static int depth(SnapshotInfo s, Map<String, SnapshotInfo> all) {
    int n = 0;
    for (SnapshotInfo p = s; p != null && !p.parent().isEmpty(); p = all.get(p.parent())) {
      n++;
    }
    return n;
  }
}

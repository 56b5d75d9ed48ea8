package io.skiff.images.pull;

import io.skiff.common.SkiffException;
import io.skiff.images.ImageService;
import io.skiff.images.LocalImage;
import io.skiff.images.PruneResult;
import io.skiff.images.PullListener;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ImageService} in memory: images present by name, pulls that succeed or fail as told, and a pull count. */
final class FakeImageService implements ImageService {
  final Map<String, LocalImage> present = new ConcurrentHashMap<>();
  final Map<String, LocalImage> registry = new ConcurrentHashMap<>();
  final List<String> pulls = new ArrayList<>();

  @Override
  public LocalImage pull(ImageRef ref, PullCredentials credentials, Platform platform, PullListener listener) {
    pulls.add(ref.toString());
    LocalImage image = registry.get(ref.toString());
    if (image == null) {
      throw new SkiffException.NotFound("failed to resolve reference \"" + ref + "\": not found");
    }
    present.put(ref.toString(), image);
    return image;
  }

  @Override
  public Optional<LocalImage> findLocal(ImageRef ref) {
    return Optional.ofNullable(present.get(ref.toString()));
  }

  @Override
  public List<LocalImage> list() {
    return List.copyOf(present.values());
  }

  @Override
  public void remove(ImageRef ref) {
    present.remove(ref.toString());
  }

  @Override
  public PruneResult prune() {
    return new PruneResult(List.of(), List.of(), 0, List.of());
  }
}

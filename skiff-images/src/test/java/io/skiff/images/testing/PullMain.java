package io.skiff.images.testing;

import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImageService;
import io.skiff.images.PullEvent;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.RegistryClientConfig;
import java.nio.file.Path;

/**
 * A child process for crash tests: pulls {@code args[1]} into the store at {@code args[0]}, printing
 * {@code progress <bytes>} lines as layer bytes arrive, so the parent can kill it mid-download.
 */
public final class PullMain {
  private PullMain() {}

  public static void main(String[] args) {
    LocalImageService images = new LocalImageService(new ImagesConfig(Path.of(args[0]), RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
    images.pull(ImageRef.parse(args[1]), PullCredentials.NONE, Platform.current(), e -> {
      if (e instanceof PullEvent.LayerProgress p) {
        System.out.println("progress " + p.bytes());
        System.out.flush();
      }
    });
    System.out.println("done");
  }
}

package io.skiff.images;

import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.config.RegistriesYaml;
import io.skiff.images.registry.RegistryClientConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of a {@link LocalImageService}.
 *
 * @param root                   the store's directory, e.g. {@code DATA_DIR/images}
 * @param registries             mirrors, credentials and TLS per registry host
 * @param client                 registry client timeouts and retries
 * @param maxConcurrentDownloads layers downloaded at once per pull (containerd's default is 3)
 */
public record ImagesConfig(Path root, RegistriesConfig registries, RegistryClientConfig client, int maxConcurrentDownloads) {
  public ImagesConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(registries, "registries");
    Objects.requireNonNull(client, "client");
    if (maxConcurrentDownloads < 1) {
      throw new IllegalArgumentException("maxConcurrentDownloads must be at least 1");
    }
  }

  /**
   * The defaults for a data directory: the store in {@code DATA_DIR/images}, registry settings from
   * {@code registryConfig} when given, else {@code DATA_DIR/registries.yaml} (absent means none).
   */
  public static ImagesConfig forDataDir(Path dataDir, Path registryConfig) {
    Path yaml = registryConfig != null ? registryConfig : dataDir.resolve("registries.yaml");
    return new ImagesConfig(dataDir.resolve("images"), RegistriesYaml.read(yaml), RegistryClientConfig.DEFAULT, 3);
  }

  public ImagesConfig withRegistries(RegistriesConfig r) {
    return new ImagesConfig(root, r, client, maxConcurrentDownloads);
  }

  public ImagesConfig withClient(RegistryClientConfig c) {
    return new ImagesConfig(root, registries, c, maxConcurrentDownloads);
  }
}

package io.skiff.images.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of the registry client.
 *
 * @param connectTimeout  TCP and TLS connect limit per attempt
 * @param requestTimeout  limit for a request's response headers, and for a whole manifest or token request
 * @param stallTimeout    a blob download that receives no byte for this long is broken off (and retried)
 * @param retry           retries on 5xx, 429 and broken connections
 * @param maxManifestSize manifests and indexes larger than this are refused
 * @param userAgent       sent with every request
 */
public record RegistryClientConfig(Duration connectTimeout, Duration requestTimeout, Duration stallTimeout,
    RetryPolicy retry, long maxManifestSize, String userAgent) {

  public static final RegistryClientConfig DEFAULT = new RegistryClientConfig(
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), RetryPolicy.DEFAULT, 4L << 20, "skiff/0.1");

  public RegistryClientConfig {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(userAgent, "userAgent");
  }

  public RegistryClientConfig withRetry(RetryPolicy r) {
    return new RegistryClientConfig(connectTimeout, requestTimeout, stallTimeout, r, maxManifestSize, userAgent);
  }

  public RegistryClientConfig withTimeouts(Duration connect, Duration request, Duration stall) {
    return new RegistryClientConfig(connect, request, stall, retry, maxManifestSize, userAgent);
  }
}

package io.skiff.images.registry;

import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.Endpoint;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.ref.ImageRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference resolved to the descriptor of its manifest or index, with the endpoint that answered first and the
 * others to fall back to, and the credentials to present.
 *
 * @param body the manifest bytes when the resolution already fetched them (a GET), empty after a HEAD
 */
public record Resolution(ImageRef ref, Descriptor descriptor, List<Endpoint> endpoints, PullCredentials credentials,
    Optional<byte[]> body) {
  public Resolution {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(descriptor, "descriptor");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a resolution needs an endpoint");
    }
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(body, "body");
  }
}

package io.skiff.images;

import io.skiff.images.content.BlobInfo;
import io.skiff.images.content.ContentIngester;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.registry.RegistryClient;
import io.skiff.images.registry.Resolution;
import java.util.function.LongConsumer;

/** A {@link BlobSource} backed by a registry resolution. */
record RegistrySource(RegistryClient client, Resolution resolution) implements BlobSource {
  @Override
  public byte[] manifest(Descriptor descriptor) {
    return client.fetchManifest(resolution, descriptor);
  }

  @Override
  public BlobInfo blob(Descriptor descriptor, ContentIngester ingester, LongConsumer progress) {
    return client.fetchBlob(resolution, descriptor, ingester, progress);
  }
}

/**
 * Importing images without a registry: an OCI image layout directory, an OCI layout in a tar, or a
 * {@code docker save} archive ({@code manifest.json} with {@code RepoTags}), each read as a
 * {@link io.skiff.images.BlobSource} and installed through the image service.
 */
package io.skiff.images.archive;

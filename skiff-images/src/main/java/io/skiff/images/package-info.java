/**
 * The image service: {@link io.skiff.images.ImageService} pulls images from registries into a local store (blobs,
 * records, unpacked layer snapshots) and answers what is present; {@link io.skiff.images.LocalImageService} is its
 * implementation under a data directory, and {@link io.skiff.images.ContainerRoots} prepares containers' writable
 * root file systems over an image's layers.
 */
package io.skiff.images;

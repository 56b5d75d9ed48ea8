/**
 * Layer snapshots: each layer unpacked once into its own directory, keyed by chain ID and immutable once committed;
 * the {@link io.skiff.images.snapshot.OverlaySnapshotter} that describes (but never performs) the overlayfs mounts of a
 * container's writable root over them; the safe tar applier; and {@link io.skiff.images.snapshot.Mounts}, which
 * performs a described mount with the {@code mount} command.
 */
package io.skiff.images.snapshot;

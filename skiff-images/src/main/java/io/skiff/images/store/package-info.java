/**
 * Image records (a name such as {@code docker.io/library/nginx:latest} pointing at a manifest or index digest, the
 * platform manifest and the config), kept in one JSON file replaced atomically, and the garbage collector that
 * removes blobs and snapshots no image or container needs.
 */
package io.skiff.images.store;

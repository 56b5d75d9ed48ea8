/**
 * The content-addressed blob store. A blob is written to a temporary file in {@code ingest/}, verified against
 * its expected digest and size, synced and then renamed into {@code blobs/<alg>/<hex>}; only renamed blobs exist,
 * so a crash never leaves a partial blob that counts as present.
 */
package io.skiff.images.content;

/**
 * The OCI image-spec and Docker schema 2 vocabulary: digests, descriptors, platforms, manifests, indexes and the
 * image configuration, as immutable records with their JSON reading and writing.
 */
package io.skiff.images.oci;

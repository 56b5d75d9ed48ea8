/**
 * The {@link io.skiff.store.Store} SPI: a revisioned key-value store in etcd's (and kine's) shape, the one
 * seam between the API server and whatever keeps its state (SQLite, etcd, memory). Every acknowledged
 * write is durable and gets a globally monotonic revision, which the API server serves as resourceVersion.
 */
package io.skiff.store;

/**
 * Typed objects over the {@link io.skiff.store.Store}: encoding with resourceVersion taken from the store revision
 * ({@link io.skiff.apiserver.storage.ObjectCodec}), per-type CRUD with optimistic concurrency
 * ({@link io.skiff.apiserver.storage.ResourceStore}), and the in-memory watch cache that serves every list and
 * watch ({@link io.skiff.apiserver.storage.WatchCache}).
 */
package io.skiff.apiserver.storage;

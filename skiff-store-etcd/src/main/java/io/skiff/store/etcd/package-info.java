/**
 * The {@link io.skiff.store.Store} on etcd v3 through jetcd, in the shape the Kubernetes API server uses etcd:
 * resourceVersion is the mod revision, creates are transactions on create revision 0, updates and deletes are
 * transactions on the mod revision, watches are etcd watches and compaction is etcd's. jetcd's Vert.x and gRPC
 * futures never leave this package: every call is awaited with a deadline on the caller's (virtual) thread and its
 * failures become {@link io.skiff.common.SkiffException}s.
 */
package io.skiff.store.etcd;

/**
 * Building blocks for {@link io.skiff.store.Store} implementations: a {@link io.skiff.store.broadcast.WatchBroadcaster}
 * that fans committed events out to watchers through bounded per-watcher queues, and the
 * {@link io.skiff.store.broadcast.EventReplay} a store supplies so that a watch starting from an older revision
 * first replays history and then switches to live events without a gap or a duplicate. Callers of the store never
 * use this package; only store implementations do.
 */
package io.skiff.store.broadcast;

package io.skiff.store;

import java.util.Optional;

/**
 * A revisioned key-value store shaped like etcd v3 as the Kubernetes API server uses it (the same surface kine
 * serves from one SQL table).
 *
 * <p>Contract, checked by {@code StoreConformance}:
 * <ul>
 *   <li>Every successful write (create, update, delete) gets a new revision, strictly greater than every
 *       revision before it, across all keys. {@link #currentRevision()} is the newest such revision.</li>
 *   <li>A write is durable once the method returns: a killed process loses no acknowledged write.</li>
 *   <li>Compare-and-swap misses are values ({@link WriteResult.Conflict}), not exceptions.</li>
 *   <li>A watch delivers, in revision order, every change under its prefix with a revision greater than the
 *       one it started from, exactly once. Starting below the compaction point throws {@link CompactedException}.</li>
 *   <li>Failures to reach the backing store throw {@link io.skiff.common.SkiffException.Unavailable}.</li>
 * </ul>
 * Implementations are safe for concurrent use.
 */
public interface Store extends AutoCloseable {

  /** The newest version of {@code key}, if it exists now. */
  Optional<KeyValue> get(String key);

  /**
   * The keys under {@code prefix} in key order ({@link KeyOrder}), as they were at {@code revision}.
   *
   * @param prefix     the key prefix (e.g. {@code /registry/pods/default/})
   * @param revision   the revision to read at; 0 means the current revision
   * @param limit      at most this many items; 0 means no limit
   * @param startAfter return only keys strictly greater than this; {@code null} for the start
   * @return the items, the revision they were read at, and whether more items follow
   * @throws CompactedException when {@code revision} is below the compaction point
   * @throws io.skiff.common.SkiffException.BadRequest when {@code revision} is newer than {@link #currentRevision()}
   */
  ListResult list(String prefix, long revision, int limit, String startAfter);

  /** Counts the keys under {@code prefix} now. */
  long count(String prefix);

  /** Creates {@code key}; when it exists already the result is a {@link WriteResult.Conflict} carrying it. */
  WriteResult create(String key, byte[] value);

  /**
   * Replaces {@code key} if its current modification revision is {@code expectedModRevision}; otherwise (or when
   * the key is missing) the result is a {@link WriteResult.Conflict} with the current value, if any.
   */
  WriteResult update(String key, byte[] value, long expectedModRevision);

  /**
   * Deletes {@code key} if its current modification revision is {@code expectedModRevision} (0: whatever it is).
   * The {@link WriteResult.Ok} carries the deleted value with {@code modRevision} set to the delete's revision.
   */
  WriteResult delete(String key, long expectedModRevision);

  /**
   * Watches every change under {@code prefix} with a revision greater than {@code afterRevision}. To watch "from
   * now", pass {@link #currentRevision()} (or the revision a list was read at); an older revision first replays the
   * history after it, a newer one simply waits for it. A watcher that does not keep up may be closed by the store;
   * its caller re-watches from the last revision it saw.
   *
   * @throws CompactedException when {@code afterRevision} is below the compaction point
   */
  Watch watch(String prefix, long afterRevision);

  /**
   * Forgets history at or below {@code revision} (the newest value of every live key stays). Reads at exactly
   * {@code revision} and watches after it keep working. Compacting at or below the compaction point does nothing.
   *
   * @throws io.skiff.common.SkiffException.BadRequest when {@code revision} is newer than {@link #currentRevision()}
   */
  void compact(long revision);

  /** The revision of the newest write (0 for an empty store). */
  long currentRevision();

  /** The compaction point: reads and watches below it are refused. */
  long compactedRevision();

  @Override
  void close();
}

package io.skiff.store.broadcast;

import io.skiff.store.CompactedException;
import io.skiff.store.WatchEvent;
import java.util.List;

/** Reads committed history back as watch events; supplied by a store to {@link WatchBroadcaster#register}. */
@FunctionalInterface
public interface EventReplay {

  /**
   * Up to {@code max} events under {@code prefix} with {@code afterRevision < revision <= upToRevision}, in revision
   * order. Fewer than {@code max} events means the range holds no more.
   *
   * @throws CompactedException when {@code afterRevision} is below the compaction point, so part of the range is gone
   */
  List<WatchEvent> replay(String prefix, long afterRevision, long upToRevision, int max);
}

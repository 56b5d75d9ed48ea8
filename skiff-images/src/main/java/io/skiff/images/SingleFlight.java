package io.skiff.images;

import io.skiff.common.SkiffException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs one computation per key at a time: callers that arrive while it runs wait for it and share its result or
 * failure instead of starting their own.
 */
final class SingleFlight<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

  /** The result of {@code work} for {@code key}, computed by this caller or by the one already computing it. */
  V run(K key, Supplier<V> work) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      return await(theirs);
    }
    try {
      V v = work.get();
      mine.complete(v);
      return v;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  /** Whether a computation for {@code key} is in flight. */
  boolean inFlight(K key) {
    return running.containsKey(key);
  }

  private static <V> V await(CompletableFuture<V> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while waiting for a pull in progress", e);
    } catch (CancellationException e) {
      throw new SkiffException.Unavailable("the pull this one waited for was cancelled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new SkiffException.Internal("pull failed", e.getCause());
    }
  }
}

package io.skiff.store.sqlite;

import io.skiff.store.WriteResult;
import java.util.concurrent.CompletableFuture;

/** A write waiting for the {@link LogWriter}, with the future its caller waits on. */
sealed interface WriteRequest {

  /** Completed by the writer after the transaction holding the request committed (or failed). */
  CompletableFuture<?> answer();

  default void fail(RuntimeException error) {
    answer().completeExceptionally(error);
  }

  /** A create, update or delete of one key. */
  sealed interface KeyWrite extends WriteRequest {
    String key();

    @Override
    CompletableFuture<WriteResult> answer();
  }

  record Create(String key, byte[] value, CompletableFuture<WriteResult> answer) implements KeyWrite {}

  record Update(String key, byte[] value, long expectedModRevision, CompletableFuture<WriteResult> answer)
      implements KeyWrite {}

  /** Deletes the key if its modification revision is {@code expectedModRevision}, or whatever it is when 0. */
  record Delete(String key, long expectedModRevision, CompletableFuture<WriteResult> answer) implements KeyWrite {}

  record Compact(long revision, CompletableFuture<Void> answer) implements WriteRequest {}

  /** Sent by {@code close}: everything queued before it is committed, then the writer stops. */
  record Stop(CompletableFuture<Void> answer) implements WriteRequest {}
}

package io.skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.skiff.common.SkiffException;
import java.util.concurrent.CompletableFuture;

/**
 * Finds etcd's compaction point, which etcd reports only to a watch that starts below it: a read at revision 1
 * succeeds when nothing was compacted; otherwise a watch from revision 1 is answered with the compact revision.
 */
final class CompactionProbe {
  private static final ByteSequence KEY = Keys.bytes("/skiff/compaction-probe");

  private final Client client;
  private final EtcdCalls calls;

  CompactionProbe(Client client, EtcdCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  long compactedRevision() {
    try {
      calls.await(client.getKVClient().get(KEY, GetOption.builder().withCountOnly(true).withRevision(1).build()), "a compaction check");
      return 0;
    } catch (EtcdCalls.OutOfRange e) {
      return fromWatch();
    }
  }

  private long fromWatch() {
    CompletableFuture<Long> answer = new CompletableFuture<>();
    Watch.Listener listener = new Watch.Listener() {
      @Override
      public void onNext(WatchResponse response) {
        // events at revision 1 of an unused key cannot come; the answer is the error
      }

      @Override
      public void onError(Throwable error) {
        if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
          answer.complete(c.getCompactedRevision());
        } else {
          answer.completeExceptionally(error);
        }
      }

      @Override
      public void onCompleted() {
        answer.completeExceptionally(new SkiffException.Internal("etcd ended the compaction probe without an answer", null));
      }
    };
    try (Watch.Watcher watcher = client.getWatchClient().watch(KEY, WatchOption.builder().withRevision(1).build(), listener)) {
      return calls.await(answer, "the compaction point");
    }
  }
}

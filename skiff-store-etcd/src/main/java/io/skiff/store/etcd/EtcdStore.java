package io.skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import io.skiff.store.KeyOrder;
import io.skiff.store.KeyValue;
import io.skiff.store.ListResult;
import io.skiff.store.Store;
import io.skiff.store.Watch;
import io.skiff.store.WriteResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Store} on etcd v3. Keys are stored as they are (the API server passes {@code /registry/<resource>/...}),
 * revisions are etcd's, and every conditional write is one etcd transaction whose else-branch reads the key, so a
 * compare-and-swap miss returns the current value in the same round trip (as the apiserver's etcd3 store does).
 * Several processes may share one etcd: each one's watches see every process's writes.
 */
public final class EtcdStore implements Store {
  /** A key no one writes: count-only reads of it return etcd's current revision in their header. */
  private static final ByteSequence PROBE = Keys.bytes("/skiff/revision-probe");
  private static final int WATCH_QUEUE = 1024;

  private final EtcdStoreConfig config;
  private final Client client;
  private final KV kv;
  private final EtcdCalls calls;
  private final CompactionProbe compaction;
  private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private EtcdStore(EtcdStoreConfig config, Client client) {
    this.config = config;
    this.client = client;
    this.kv = client.getKVClient();
    this.calls = new EtcdCalls(config.describe(), config.requestTimeout());
    this.compaction = new CompactionProbe(client, calls);
  }

  /**
   * Connects to etcd and checks that it answers.
   *
   * @throws SkiffException.Unavailable naming the endpoints when etcd cannot be reached within the request timeout
   */
  public static EtcdStore connect(EtcdStoreConfig config) {
    EtcdStore store = new EtcdStore(config, EtcdClients.build(config));
    try {
      store.currentRevision();
      return store;
    } catch (SkiffException e) {
      store.close();
      throw new SkiffException.Unavailable("cannot reach etcd at " + config.describe() + ": " + e.getMessage(), e);
    }
  }

  public EtcdStoreConfig config() {
    return config;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    open();
    GetResponse r = calls.await(kv.get(Keys.bytes(key)), "a get of " + key);
    return r.getKvs().stream().findFirst().map(Keys::toKeyValue);
  }

  @Override
  public ListResult list(String prefix, long revision, int limit, String startAfter) {
    open();
    if (revision < 0 || limit < 0) {
      throw new SkiffException.BadRequest("revision and limit must not be negative");
    }
    String from = startAfter == null || KeyOrder.compare(Keys.after(startAfter), prefix) < 0 ? prefix : Keys.after(startAfter);
    GetOption.Builder option = GetOption.builder().withRange(Keys.prefixEnd(prefix)).withRevision(revision).withLimit(limit);
    try {
      GetResponse r = calls.await(kv.get(Keys.bytes(from), option.build()), "a list of " + prefix);
      List<KeyValue> items = new ArrayList<>(r.getKvs().size());
      r.getKvs().forEach(k -> items.add(Keys.toKeyValue(k)));
      return new ListResult(items, revision == 0 ? r.getHeader().getRevision() : revision, r.isMore());
    } catch (EtcdCalls.OutOfRange e) {
      throw revisionOutOfRange(revision);
    }
  }

  @Override
  public long count(String prefix) {
    open();
    GetOption option = GetOption.builder().withRange(Keys.prefixEnd(prefix)).withCountOnly(true).build();
    return calls.await(kv.get(Keys.bytes(prefix), option), "a count of " + prefix).getCount();
  }

  @Override
  public WriteResult create(String key, byte[] value) {
    open();
    ByteSequence k = Keys.bytes(key);
    TxnResponse r = calls.await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit(), "a create of " + key);
    if (r.isSucceeded()) {
      long revision = r.getHeader().getRevision();
      return new WriteResult.Ok(new KeyValue(key, value.clone(), revision, revision));
    }
    return conflict(r);
  }

  @Override
  public WriteResult update(String key, byte[] value, long expectedModRevision) {
    open();
    if (expectedModRevision <= 0) {
      return new WriteResult.Conflict(get(key));
    }
    ByteSequence k = Keys.bytes(key);
    TxnResponse r = calls.await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit(), "an update of " + key);
    if (r.isSucceeded()) {
      long revision = r.getHeader().getRevision();
      io.etcd.jetcd.KeyValue previous = r.getPutResponses().getFirst().getPrevKv();
      return new WriteResult.Ok(new KeyValue(key, value.clone(), previous.getCreateRevision(), revision));
    }
    return conflict(r);
  }

  @Override
  public WriteResult delete(String key, long expectedModRevision) {
    open();
    ByteSequence k = Keys.bytes(key);
    Cmp condition = expectedModRevision == 0
        ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0))
        : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision));
    TxnResponse r = calls.await(kv.txn()
        .If(condition)
        .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit(), "a delete of " + key);
    if (r.isSucceeded()) {
      long revision = r.getHeader().getRevision();
      io.etcd.jetcd.KeyValue previous = r.getDeleteResponses().getFirst().getPrevKvs().getFirst();
      return new WriteResult.Ok(new KeyValue(key, previous.getValue().getBytes(), previous.getCreateRevision(), revision));
    }
    return conflict(r);
  }

  private static WriteResult conflict(TxnResponse r) {
    return new WriteResult.Conflict(r.getGetResponses().getFirst().getKvs().stream().findFirst().map(Keys::toKeyValue));
  }

  /**
   * {@inheritDoc} The watch is etcd's (with the previous value, for deletes); {@code afterRevision} is checked against
   * the compaction point first, so that a compacted start fails here rather than on the first poll.
   */
  @Override
  public Watch watch(String prefix, long afterRevision) {
    open();
    checkNotCompacted(afterRevision);
    EtcdWatch watch = new EtcdWatch(afterRevision, WATCH_QUEUE, watches::remove);
    watches.add(watch);
    WatchOption option = WatchOption.builder().withRange(Keys.prefixEnd(prefix)).withRevision(afterRevision + 1).withPrevKV(true).build();
    watch.attach(client.getWatchClient().watch(Keys.bytes(prefix), option, watch));
    if (closed.get()) {
      watch.close();
    }
    return watch;
  }

  private void checkNotCompacted(long afterRevision) {
    GetOption option = GetOption.builder().withCountOnly(true).withRevision(Math.max(afterRevision, 1)).build();
    try {
      calls.await(kv.get(PROBE, option), "a watch's start check");
      if (afterRevision < 1 && compactedRevision() > afterRevision) {
        throw new CompactedException(afterRevision, compactedRevision());
      }
    } catch (EtcdCalls.OutOfRange e) {
      if (afterRevision <= currentRevision()) {
        throw new CompactedException(afterRevision, compactedRevision());
      }
      // a revision not reached yet: the watch waits for it
    }
  }

  @Override
  public void compact(long revision) {
    open();
    long current = currentRevision();
    if (revision > current) {
      throw new SkiffException.BadRequest("cannot compact at revision " + revision + ": the current revision is " + current);
    }
    try {
      calls.await(kv.compact(revision, CompactOption.DEFAULT), "a compaction at " + revision);
    } catch (EtcdCalls.OutOfRange e) {
      // at or below the compaction point already: nothing to do
    }
  }

  @Override
  public long currentRevision() {
    open();
    return calls.await(kv.get(PROBE, GetOption.builder().withCountOnly(true).build()), "a read of the current revision").getHeader().getRevision();
  }

  /** {@inheritDoc} etcd does not report it directly: {@link CompactionProbe} asks it. */
  @Override
  public long compactedRevision() {
    open();
    return compaction.compactedRevision();
  }

  private RuntimeException revisionOutOfRange(long revision) {
    long current = currentRevision();
    if (revision > current) {
      return new SkiffException.BadRequest("Too large resource version: " + revision + ", current: " + current);
    }
    return new CompactedException(revision, compactedRevision());
  }

  private void open() {
    if (closed.get()) {
      throw new SkiffException.Unavailable("the store is closed", null);
    }
  }

  /** Ends every watch and disconnects from etcd. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (EtcdWatch w : List.copyOf(watches)) {
      w.close();
    }
    client.close();
  }

  @Override
  public String toString() {
    return "EtcdStore[" + String.join(",", config.endpoints().stream().map(URI::toString).toList()) + "]";
  }
}

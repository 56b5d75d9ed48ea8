package io.skiff.kubelet.prober;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The kubelet's probe results managers, one map for the three kinds: the last result of each probe per container
 * instance. A result that changes is announced with the pod's uid, so that its worker syncs it (restart on a liveness
 * failure, new readiness in the status).
 */
public final class ProbeResults {
  private record Key(ProbeType type, String containerId) {}

  private record Entry(ProbeResult result, String podUid) {}

  private final ConcurrentMap<Key, Entry> results = new ConcurrentHashMap<>();
  private final Consumer<String> onChange;

  /** @param onChange called with the pod uid whenever a result is new or differs from the last one */
  public ProbeResults(Consumer<String> onChange) {
    this.onChange = Objects.requireNonNull(onChange, "onChange");
  }

  public void set(ProbeType type, String containerId, ProbeResult result, String podUid) {
    Entry before = results.put(new Key(type, containerId), new Entry(result, podUid));
    if (before == null || before.result() != result) {
      onChange.accept(podUid);
    }
  }

  public Optional<ProbeResult> find(ProbeType type, String containerId) {
    return Optional.ofNullable(results.get(new Key(type, containerId))).map(Entry::result);
  }

  public void remove(ProbeType type, String containerId) {
    results.remove(new Key(type, containerId));
  }
}

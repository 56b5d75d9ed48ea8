package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Pod changes handed to a handler one at a time per pod uid, the latest change winning over any not yet handled, as
 * the kubelet's pod workers do; different pods are handled concurrently on the given executor.
 */
final class PodWork {
  /** What happened to a pod: a new version, or its removal from the API. */
  sealed interface Change {
    record Updated(Pod pod) implements Change {}

    record Gone(Pod pod) implements Change {}
  }

  private static final class Slot {
    Change pending;
    boolean running;
  }

  private final Executor executor;
  private final BiConsumer<String, Change> handler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Slot> slots = new HashMap<>();

  PodWork(Executor executor, BiConsumer<String, Change> handler) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  void submit(String uid, Change change) {
    boolean start;
    lock.lock();
    try {
      Slot slot = slots.computeIfAbsent(uid, k -> new Slot());
      slot.pending = change;
      start = !slot.running;
      slot.running = true;
    } finally {
      lock.unlock();
    }
    if (start) {
      executor.execute(() -> drain(uid));
    }
  }

  private void drain(String uid) {
    while (true) {
      Change next;
      lock.lock();
      try {
        Slot slot = slots.get(uid);
        next = slot.pending;
        slot.pending = null;
        if (next == null) {
          slots.remove(uid);
          return;
        }
      } finally {
        lock.unlock();
      }
      handler.accept(uid, next);
    }
  }
}

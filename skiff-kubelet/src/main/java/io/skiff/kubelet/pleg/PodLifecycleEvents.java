package io.skiff.kubelet.pleg;

import java.util.concurrent.BlockingQueue;

/**
 * The pod lifecycle event generator: every observed container state change becomes exactly one event; a relist after
 * a gap emits {@link PodLifecycleEvent.PodResync} rather than guessing.
 */
public interface PodLifecycleEvents extends AutoCloseable {
  void start();

  BlockingQueue<PodLifecycleEvent> events();

  /** Whether relisting works and is recent. */
  boolean healthy();

  @Override
  void close();
}

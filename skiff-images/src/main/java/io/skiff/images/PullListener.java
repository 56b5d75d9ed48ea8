package io.skiff.images;

/** Receives {@link PullEvent}s; called from several download threads at once, so implementations are thread-safe. */
@FunctionalInterface
public interface PullListener {
  PullListener NONE = e -> {};

  void on(PullEvent event);
}

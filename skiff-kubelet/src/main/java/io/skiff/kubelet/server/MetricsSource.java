package io.skiff.kubelet.server;

/** What the agent's {@code GET /metrics} answers: metrics in Prometheus' text format. */
@FunctionalInterface
public interface MetricsSource {
  /** The current metrics, one family after the other, each line ending in a newline. */
  String exposition();
}

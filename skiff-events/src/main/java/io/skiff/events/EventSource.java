package io.skiff.events;

import java.util.Objects;

/**
 * Who reports an event: {@code source.component} and {@code source.host} of a core/v1 Event, and its
 * {@code reportingComponent} (the component again) and {@code reportingInstance}.
 *
 * @param component         {@code kubelet}, {@code default-scheduler}, {@code node-controller}, …
 * @param host              the node the component runs for, or null when it has none (control-plane components)
 * @param reportingInstance the instance of the component ({@code reportingInstance}), e.g. the node or the scheduler's identity
 */
public record EventSource(String component, String host, String reportingInstance) {
  public EventSource {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(reportingInstance, "reportingInstance");
    host = host == null || host.isEmpty() ? null : host;
  }

  /** A control-plane component that reports as itself, without a host. */
  public static EventSource component(String component) {
    return new EventSource(component, null, component);
  }
}

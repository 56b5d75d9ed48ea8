package io.skiff.events;

import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.Objects;

/**
 * One occurrence of an event about an object, as a component reports it.
 *
 * @param source   who reports it
 * @param involved the object the event is about ({@code involvedObject}); its {@code fieldPath} names a part (a container)
 * @param related  a second object the event names ({@code related}, e.g. a victim's preemptor), or null
 * @param type     {@code Normal} or {@code Warning}
 * @param reason   the reason word in Kubernetes' spelling ({@code Started}, {@code FailedScheduling}, …)
 * @param action   what was done or failed ({@code action}, e.g. {@code Binding}), or null
 * @param message  the human-readable text
 */
public record ObjectEvent(EventSource source, ObjectReference involved, ObjectReference related, String type, String reason,
                          String action, String message) {
  public ObjectEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(involved, "involved");
    Objects.requireNonNull(involved.getName(), "involved.name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** An event without related object and action. */
  public static ObjectEvent of(EventSource source, ObjectReference involved, String type, String reason, String message) {
    return new ObjectEvent(source, involved, null, type, reason, null, message);
  }

  /** The namespace the Event is stored in: the object's, or {@code default} for cluster-scoped objects (nodes). */
  String eventNamespace() {
    String ns = involved.getNamespace();
    return ns == null || ns.isEmpty() ? "default" : ns;
  }
}

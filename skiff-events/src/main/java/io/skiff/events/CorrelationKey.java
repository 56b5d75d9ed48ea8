package io.skiff.events;

import java.util.Objects;

/**
 * What makes two occurrences "the same event", so that the second only counts on the first: the same object (by uid,
 * or by kind, namespace and name when it has no uid), the same part of it (field path), type, reason and message,
 * reported by the same component on the same host. Timestamps, the related object and the action do not count.
 */
record CorrelationKey(String object, String fieldPath, String type, String reason, String message, String component, String host) {
  static CorrelationKey of(ObjectEvent e) {
    var o = e.involved();
    String object = o.getUid() != null && !o.getUid().isEmpty() ? o.getUid()
        : o.getKind() + "/" + Objects.requireNonNullElse(o.getNamespace(), "") + "/" + o.getName();
    return new CorrelationKey(object, Objects.requireNonNullElse(o.getFieldPath(), ""), e.type(), e.reason(), e.message(),
        e.source().component(), Objects.requireNonNullElse(e.source().host(), ""));
  }
}

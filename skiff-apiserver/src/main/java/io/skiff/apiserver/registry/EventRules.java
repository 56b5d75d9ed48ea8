package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

/**
 * What both Event APIs share: Kubernetes' legacy event validation (lenient, for core/v1 clients), the strict rules
 * events.k8s.io/v1 adds, and the {@code kubectl get events} table. Field paths use the internal field names
 * ({@code involvedObject}, {@code message}), as Kubernetes reports them for both APIs.
 */
final class EventRules {

  static final int REPORTING_INSTANCE_LIMIT = 128;
  static final int ACTION_LIMIT = 128;
  static final int REASON_LIMIT = 128;
  static final int NOTE_LIMIT = 1024;

  static final List<Column> COLUMNS = List.of(
      Columns.text("Last Seen", "How long ago the event was last observed."),
      Columns.text("Type", "Normal or Warning."),
      Columns.text("Reason", "A short machine-readable reason for the event."),
      Columns.text("Object", "The object the event is about, as kind/name."),
      Columns.wide("Subobject", "The part of the object the event is about, e.g. spec.containers{app}."),
      Columns.wide("Source", "The component (and host) that reported the event."),
      Columns.text("Message", "A human-readable description of what happened."),
      Columns.wide("First Seen", "How long ago the event was first observed."),
      Columns.wide("Count", "How many times the event has occurred."),
      new Column("Name", "string", "name", "The name of the event object.", 1));

  private EventRules() {}

  /** {@code legacyValidateEvent}; {@code v1Names} picks {@code reportingComponent} over {@code reportingController}. */
  static List<FieldError> legacy(EventView e, boolean coreV1) {
    List<FieldError> errors = new ArrayList<>();
    String reportingField = coreV1 ? "reportingComponent" : "reportingController";
    String involvedNamespace = EventView.nz(e.regarding().getNamespace());
    if (e.eventTime().isEmpty()) {
      if (involvedNamespace.isEmpty()) {
        if (!e.namespace().isEmpty() && !e.namespace().equals("default")) {
          errors.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
        }
      } else if (!e.namespace().equals(involvedNamespace)) {
        errors.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
      }
    } else {
      if (involvedNamespace.isEmpty() && !e.namespace().equals("default") && !e.namespace().equals("kube-system")) {
        errors.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
      }
      if (e.reportingController().isEmpty()) {
        errors.add(FieldError.required(reportingField, ""));
      }
      NameRules.qualifiedName(e.reportingController()).forEach(m -> errors.add(FieldError.invalid(reportingField, e.reportingController(), m)));
      if (e.reportingInstance().isEmpty()) {
        errors.add(FieldError.required("reportingInstance", ""));
      }
      if (e.reportingInstance().length() > REPORTING_INSTANCE_LIMIT) {
        errors.add(FieldError.invalid("reportingInstance", "", "can have at most " + REPORTING_INSTANCE_LIMIT + " characters"));
      }
      if (e.action().isEmpty()) {
        errors.add(FieldError.required("action", ""));
      }
      if (e.action().length() > ACTION_LIMIT) {
        errors.add(FieldError.invalid("action", "", "can have at most " + ACTION_LIMIT + " characters"));
      }
      if (e.reason().isEmpty()) {
        errors.add(FieldError.required("reason", ""));
      }
      if (e.reason().length() > REASON_LIMIT) {
        errors.add(FieldError.invalid("reason", "", "can have at most " + REASON_LIMIT + " characters"));
      }
      if (e.message().length() > NOTE_LIMIT) {
        errors.add(FieldError.invalid("message", "", "can have at most " + NOTE_LIMIT + " characters"));
      }
    }
    NameRules.dns1123Subdomain(e.namespace()).forEach(m -> errors.add(FieldError.invalid("namespace", e.namespace(), m)));
    return errors;
  }

  /** The checks every object gets from the generic registry, which is all the metadata checking core/v1 events get. */
  static List<FieldError> commonMeta(EventView e) {
    return ObjectMetaValidation.validate(e.meta(), true, NameRule.PATH_SEGMENT);
  }

  /** The additional create rules of events.k8s.io/v1. */
  static List<FieldError> strict(EventView e) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(e.meta(), true, NameRule.DNS_SUBDOMAIN));
    errors.addAll(series(e));
    if (e.eventTime().isEmpty()) {
      errors.add(FieldError.required("eventTime", ""));
    }
    if (!e.type().equals("Normal") && !e.type().equals("Warning")) {
      errors.add(FieldError.invalid("type", "", "has invalid value: " + e.type()));
    }
    if (!e.firstTimestamp().isEmpty()) {
      errors.add(FieldError.invalid("firstTimestamp", "", "needs to be unset"));
    }
    if (!e.lastTimestamp().isEmpty()) {
      errors.add(FieldError.invalid("lastTimestamp", "", "needs to be unset"));
    }
    if (e.count() != 0) {
      errors.add(FieldError.invalid("count", "", "needs to be unset"));
    }
    if (!e.sourceComponent().isEmpty() || !e.sourceHost().isEmpty()) {
      errors.add(FieldError.invalid("source", "", "needs to be unset"));
    }
    return errors;
  }

  /** The additional update rules of events.k8s.io/v1: everything but the series is immutable. */
  static List<FieldError> strictUpdate(EventView e, EventView old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(e.meta(), old.meta()));
    boolean seriesChanged = e.series() != old.series() || e.seriesCount() != old.seriesCount()
        || !e.seriesLastObserved().equals(old.seriesLastObserved());
    if (seriesChanged) {
      errors.addAll(series(e));
    }
    immutable(errors, "involvedObject", reference(e.regarding()), reference(old.regarding()));
    immutable(errors, "reason", e.reason(), old.reason());
    immutable(errors, "message", e.message(), old.message());
    immutable(errors, "source", source(e), source(old));
    immutable(errors, "firstTimestamp", e.firstTimestamp(), old.firstTimestamp());
    immutable(errors, "lastTimestamp", e.lastTimestamp(), old.lastTimestamp());
    immutable(errors, "count", e.count(), old.count());
    immutable(errors, "action", e.action(), old.action());
    immutable(errors, "type", e.type(), old.type());
    immutable(errors, "eventTime", e.eventTime(), old.eventTime());
    immutable(errors, "related", reference(e.related()), reference(old.related()));
    immutable(errors, "reportingController", e.reportingController(), old.reportingController());
    immutable(errors, "reportingInstance", e.reportingInstance(), old.reportingInstance());
    return errors;
  }

  private static void immutable(List<FieldError> errors, String path, Object value, Object old) {
    if (!Objects.equals(value, old)) {
      errors.add(FieldError.invalid(path, value, "field is immutable"));
    }
  }

  private static List<FieldError> series(EventView e) {
    List<FieldError> errors = new ArrayList<>();
    if (e.series()) {
      if (e.seriesCount() < 2) {
        errors.add(FieldError.invalid("series.count", "", "should be at least 2"));
      }
      if (e.seriesLastObserved().isEmpty()) {
        errors.add(FieldError.required("series.lastObservedTime", ""));
      }
    }
    return errors;
  }

  private static GoValue reference(ObjectReference r) {
    if (r == null) {
      return GoValue.NULL;
    }
    return new GoValue("core.ObjectReference{Kind:" + q(r.getKind()) + ", Namespace:" + q(r.getNamespace()) + ", Name:" + q(r.getName())
        + ", UID:" + q(r.getUid()) + ", APIVersion:" + q(r.getApiVersion()) + ", ResourceVersion:" + q(r.getResourceVersion())
        + ", FieldPath:" + q(r.getFieldPath()) + "}");
  }

  private static GoValue source(EventView e) {
    return new GoValue("core.EventSource{Component:" + q(e.sourceComponent()) + ", Host:" + q(e.sourceHost()) + "}");
  }

  private static String q(String s) {
    return GoValue.quote(EventView.nz(s));
  }

  /** The table row of {@code printEvent}, wide cells included. */
  static List<Object> cells(EventView e, Instant now) {
    String firstSeen = e.firstTimestamp().isEmpty() ? HumanDuration.since(e.eventTime(), now) : HumanDuration.since(e.firstTimestamp(), now);
    String lastSeen = e.lastTimestamp().isEmpty() ? firstSeen : HumanDuration.since(e.lastTimestamp(), now);
    long count = e.count();
    if (e.series()) {
      lastSeen = HumanDuration.since(e.seriesLastObserved(), now);
      count = e.seriesCount();
    } else if (count == 0) {
      count = 1;
    }
    String kind = EventView.nz(e.regarding().getKind()).toLowerCase(Locale.ROOT);
    String target = EventView.nz(e.regarding().getName()).isEmpty() ? kind : kind + "/" + e.regarding().getName();
    String component = e.sourceComponent().isEmpty() ? e.reportingController() : e.sourceComponent();
    String instance = e.sourceHost().isEmpty() ? e.reportingInstance() : e.sourceHost();
    String source = instance.isEmpty() ? component : component + ", " + instance;
    return List.of(lastSeen, e.type(), e.reason(), target, EventView.nz(e.regarding().getFieldPath()), source, e.message().strip(),
        firstSeen, count, e.name());
  }

  /**
   * The fields an event can be selected by: the object it is about under {@code objectPrefix} ({@code involvedObject}
   * in core/v1, {@code regarding} in events.k8s.io/v1), and the reporter under {@code reportingField}.
   */
  static Map<String, String> selectableFields(EventView e, String objectPrefix, String reportingField) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", e.name());
    fields.put("metadata.namespace", e.namespace());
    fields.put(objectPrefix + ".kind", EventView.nz(e.regarding().getKind()));
    fields.put(objectPrefix + ".namespace", EventView.nz(e.regarding().getNamespace()));
    fields.put(objectPrefix + ".name", EventView.nz(e.regarding().getName()));
    fields.put(objectPrefix + ".uid", EventView.nz(e.regarding().getUid()));
    fields.put(objectPrefix + ".apiVersion", EventView.nz(e.regarding().getApiVersion()));
    fields.put(objectPrefix + ".resourceVersion", EventView.nz(e.regarding().getResourceVersion()));
    fields.put(objectPrefix + ".fieldPath", EventView.nz(e.regarding().getFieldPath()));
    fields.put("reason", e.reason());
    fields.put(reportingField, e.reportingController());
    fields.put("source", e.sourceComponent().isEmpty() ? e.reportingController() : e.sourceComponent());
    fields.put("type", e.type());
    return fields;
  }
}

package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;

/**
 * The fields of an Event the way Kubernetes' internal type holds them, read from either API version (core/v1 or
 * events.k8s.io/v1), so that validation, printing and field selection are written once.
 *
 * @param meta                the metadata (never null)
 * @param regarding           the object the event is about (core {@code involvedObject}, never null)
 * @param reason              short reason
 * @param message             human-readable message (events.k8s.io {@code note})
 * @param type                Normal or Warning
 * @param action              what was done
 * @param sourceComponent     legacy source component
 * @param sourceHost          legacy source host
 * @param firstTimestamp      legacy first time seen, RFC 3339 or empty
 * @param lastTimestamp       legacy last time seen, RFC 3339 or empty
 * @param count               legacy count, 0 when absent
 * @param eventTime           when the event was first observed (new API), RFC 3339 with micros, or empty
 * @param series              whether a series is present
 * @param seriesCount         the series count
 * @param seriesLastObserved  the series' last observation time, or empty
 * @param reportingController the controller that emitted it
 * @param reportingInstance   the controller instance
 * @param related             a secondary object, or null
 */
record EventView(ObjectMeta meta, ObjectReference regarding, String reason, String message, String type, String action,
    String sourceComponent, String sourceHost, String firstTimestamp, String lastTimestamp, int count, String eventTime,
    boolean series, int seriesCount, String seriesLastObserved, String reportingController, String reportingInstance,
    ObjectReference related) {

  static EventView of(Event e) {
    var source = e.getSource();
    return new EventView(meta(e.getMetadata()), ref(e.getInvolvedObject()), nz(e.getReason()), nz(e.getMessage()), nz(e.getType()),
        nz(e.getAction()), source == null ? "" : nz(source.getComponent()), source == null ? "" : nz(source.getHost()),
        nz(e.getFirstTimestamp()), nz(e.getLastTimestamp()), e.getCount() == null ? 0 : e.getCount(), time(e.getEventTime()),
        e.getSeries() != null, e.getSeries() == null || e.getSeries().getCount() == null ? 0 : e.getSeries().getCount(),
        e.getSeries() == null ? "" : time(e.getSeries().getLastObservedTime()), nz(e.getReportingComponent()),
        nz(e.getReportingInstance()), e.getRelated());
  }

  static EventView of(io.fabric8.kubernetes.api.model.events.v1.Event e) {
    var source = e.getDeprecatedSource();
    EventSeries s = e.getSeries();
    return new EventView(meta(e.getMetadata()), ref(e.getRegarding()), nz(e.getReason()), nz(e.getNote()), nz(e.getType()),
        nz(e.getAction()), source == null ? "" : nz(source.getComponent()), source == null ? "" : nz(source.getHost()),
        nz(e.getDeprecatedFirstTimestamp()), nz(e.getDeprecatedLastTimestamp()),
        e.getDeprecatedCount() == null ? 0 : e.getDeprecatedCount(), time(e.getEventTime()), s != null,
        s == null || s.getCount() == null ? 0 : s.getCount(), s == null ? "" : time(s.getLastObservedTime()),
        nz(e.getReportingController()), nz(e.getReportingInstance()), e.getRelated());
  }

  String name() {
    return nz(meta.getName());
  }

  String namespace() {
    return nz(meta.getNamespace());
  }

  private static ObjectMeta meta(ObjectMeta m) {
    return m == null ? new ObjectMeta() : m;
  }

  private static ObjectReference ref(ObjectReference r) {
    return r == null ? new ObjectReference() : r;
  }

  private static String time(MicroTime t) {
    return t == null ? "" : nz(t.getTime());
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}

package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * events.k8s.io/v1 Events: the strict validation the new API brings (eventTime, reportingController and
 * reportingInstance required, deprecated fields unset, everything but the series immutable), the same table as
 * core/v1 events, and field selectors with the new field names ({@code regarding.*}, {@code reportingController}).
 */
public final class EventsV1Strategy implements ResourceStrategy<Event> {

  @Override
  public List<FieldError> validate(Event event) {
    EventView view = EventView.of(event);
    List<FieldError> errors = new ArrayList<>(EventRules.legacy(view, false));
    errors.addAll(EventRules.strict(view));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    EventView view = EventView.of(event);
    List<FieldError> errors = new ArrayList<>(EventRules.legacy(view, false));
    errors.addAll(EventRules.strictUpdate(view, EventView.of(old)));
    return errors;
  }

  @Override
  public List<Column> columns() {
    return EventRules.COLUMNS;
  }

  @Override
  public List<Object> cells(Event event, Instant now) {
    return EventRules.cells(EventView.of(event), now);
  }

  @Override
  public Map<String, String> selectableFields(Event event) {
    return EventRules.selectableFields(EventView.of(event), "regarding", "reportingController");
  }
}

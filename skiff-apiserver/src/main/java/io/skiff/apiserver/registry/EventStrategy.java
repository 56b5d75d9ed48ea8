package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Event;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * core/v1 Events: Kubernetes' lenient legacy validation (old clients depend on it), the {@code kubectl get events}
 * table, and the event field selectors ({@code involvedObject.*}, {@code reason}, {@code source}, ...).
 */
public final class EventStrategy implements ResourceStrategy<Event> {

  @Override
  public void prepareForCreate(Event event) {
    blankReportingFields(event);
  }

  @Override
  public void prepareForUpdate(Event event, Event old) {
    blankReportingFields(event);
  }

  /** core/v1 always serializes these two, as empty strings when unset. */
  private static void blankReportingFields(Event event) {
    if (event.getReportingComponent() == null) {
      event.setReportingComponent("");
    }
    if (event.getReportingInstance() == null) {
      event.setReportingInstance("");
    }
  }

  @Override
  public List<FieldError> validate(Event event) {
    EventView view = EventView.of(event);
    List<FieldError> errors = new ArrayList<>(EventRules.legacy(view, true));
    errors.addAll(EventRules.commonMeta(view));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    EventView view = EventView.of(event);
    List<FieldError> errors = new ArrayList<>(EventRules.legacy(view, true));
    errors.addAll(ObjectMetaValidation.validateUpdate(view.meta(), EventView.of(old).meta()));
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
    return EventRules.selectableFields(EventView.of(event), "involvedObject", "reportingComponent");
  }
}

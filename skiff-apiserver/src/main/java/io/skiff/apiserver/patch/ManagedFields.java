package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.Json;
import io.skiff.apiserver.decode.ModelType;
import io.skiff.apiserver.decode.ModelTypes;
import io.skiff.apiserver.resource.ResourceType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes {@code metadata.managedFields}, and records who changed what on ordinary writes (create, update,
 * JSON/merge/strategic patch) as Kubernetes' field manager does: the writer's {@code Update} entry gains every field
 * it set or changed, and those fields leave every other manager's entry; fields that no longer exist leave all
 * entries; empty entries disappear. Server-side apply ({@link ServerSideApply}) maintains {@code Apply} entries.
 */
public final class ManagedFields {

  /** The operations of managed-fields entries. */
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  /**
   * One {@code managedFields} entry.
   *
   * @param manager     the field manager ({@code kubectl}, {@code kubectl-client-side-apply}, …)
   * @param operation   {@link #APPLY} or {@link #UPDATE}
   * @param apiVersion  the API version the manager wrote in
   * @param time        when, RFC 3339 (seconds), or null
   * @param subresource the subresource written through, or empty
   * @param fields      the fields owned
   */
  public record Entry(String manager, String operation, String apiVersion, String time, String subresource,
      FieldSet fields) {
    public Entry {
      Objects.requireNonNull(manager, "manager");
      Objects.requireNonNull(operation, "operation");
      subresource = subresource == null ? "" : subresource;
      Objects.requireNonNull(fields, "fields");
    }

    boolean sameOwner(String manager, String operation, String subresource) {
      return this.manager.equals(manager) && this.operation.equals(operation) && this.subresource.equals(subresource);
    }

    Entry withFields(FieldSet f) {
      return new Entry(manager, operation, apiVersion, time, subresource, f);
    }
  }

  private ManagedFields() {}

  /** The entries of {@code object}'s {@code metadata.managedFields}; entries not of type FieldsV1 are skipped. */
  public static List<Entry> read(JsonNode object) {
    List<Entry> entries = new ArrayList<>();
    JsonNode list = object == null ? null : object.path("metadata").get("managedFields");
    if (list == null || !list.isArray()) {
      return entries;
    }
    for (JsonNode e : list) {
      if (!e.isObject() || !e.path("fieldsType").asText("FieldsV1").equals("FieldsV1")) {
        continue;
      }
      entries.add(new Entry(e.path("manager").asText(""), e.path("operation").asText(UPDATE),
          e.path("apiVersion").asText(""), e.hasNonNull("time") ? e.get("time").asText() : null,
          e.path("subresource").asText(""), FieldSet.fromFieldsV1(e.get("fieldsV1"))));
    }
    return entries;
  }

  /** Replaces {@code object}'s {@code metadata.managedFields} with {@code entries} (removes it when empty). */
  public static void write(ObjectNode object, List<Entry> entries) {
    JsonNode meta = object.get("metadata");
    ObjectNode metadata = meta != null && meta.isObject() ? (ObjectNode) meta : object.putObject("metadata");
    if (entries.isEmpty()) {
      metadata.remove("managedFields");
      return;
    }
    ArrayNode list = metadata.putArray("managedFields");
    for (Entry e : entries) {
      ObjectNode o = list.addObject();
      o.put("manager", e.manager());
      o.put("operation", e.operation());
      o.put("apiVersion", e.apiVersion());
      if (e.time() != null) {
        o.put("time", e.time());
      }
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", e.fields().toFieldsV1());
      if (!e.subresource().isEmpty()) {
        o.put("subresource", e.subresource());
      }
    }
  }

  /**
   * Records an ordinary write by {@code manager}: returns a copy of {@code updated} whose managedFields give the
   * manager's {@code Update} entry every field the write set or changed relative to {@code old} (null for a create).
   * Call it on the object as it will be stored (after defaulting), as Kubernetes does. Entries carried by
   * {@code updated} win over {@code old}'s, so a client that sends managedFields can reset them.
   *
   * @param subresource the subresource written through ({@code status}) or empty
   */
  public static ObjectNode recordUpdate(JsonNode old, JsonNode updated, ResourceType type, String manager,
      String subresource, Instant now) {
    Objects.requireNonNull(manager, "manager");
    ObjectNode result = ((ObjectNode) updated).deepCopy();
    ModelType root = ModelTypes.ofClass(type.modelClass());
    FieldScope scope = FieldScope.of(type, subresource);
    boolean carried = updated.path("metadata").has("managedFields");
    List<Entry> entries = read(carried || old == null ? updated : old);
    FieldSet present = FieldSets.of(result, root, FieldScope.ALL, FieldSets.Style.UPDATE);
    // Through an endpoint that may own everything (a type without a status subresource) the fields in scope are the
    // present ones: one walk of the object instead of two.
    FieldSet inScope = scope.equals(FieldScope.ALL) ? present : FieldSets.of(result, root, scope, FieldSets.Style.UPDATE);
    FieldSet changed = old == null ? inScope : FieldSets.changed(old, result, inScope);
    String sub = subresource == null ? "" : subresource;
    List<Entry> next = new ArrayList<>();
    FieldSet mine = FieldSet.EMPTY;
    int minePosition = -1;
    for (Entry e : entries) {
      if (e.sameOwner(manager, UPDATE, sub)) {
        mine = mine.union(e.fields());
        minePosition = minePosition < 0 ? next.size() : minePosition;
        continue;
      }
      FieldSet kept = e.fields().minus(changed).intersect(present);
      if (!kept.isEmpty()) {
        next.add(e.withFields(kept));
      }
    }
    FieldSet owned = mine.union(changed).intersect(present);
    if (!owned.isEmpty()) {
      Entry entry = new Entry(manager, UPDATE, type.apiVersion(), timestamp(now), sub, owned);
      next.add(minePosition < 0 || minePosition > next.size() ? next.size() : minePosition, entry);
    }
    write(result, next);
    return result;
  }

  /** RFC 3339 with whole seconds, as {@code metav1.Time} is written. */
  static String timestamp(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }
}

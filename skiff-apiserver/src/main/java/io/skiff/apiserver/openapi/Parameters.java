package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The path and query parameters of the resource operations, inline, with skiff's own descriptions. */
final class Parameters {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Parameters() {}

  static ObjectNode name(String kind) {
    return path("name", "name of the " + kind);
  }

  static ObjectNode namespace() {
    return path("namespace", "the namespace of the object, which scopes its name and its permissions");
  }

  static ObjectNode pretty() {
    return query("pretty", "string", "when 'true', the response is indented for reading");
  }

  static ObjectNode dryRun() {
    return query("dryRun", "string", "when present, the request is checked and answered but nothing is stored; "
        + "the only accepted value is All");
  }

  static ObjectNode fieldManager(boolean apply) {
    return query("fieldManager", "string", "the name of the actor making the change, recorded in "
        + "metadata.managedFields" + (apply ? "; required for apply patches" : ""));
  }

  static ObjectNode fieldValidation() {
    return query("fieldValidation", "string", "what the server does with fields of the body that the schema does "
        + "not know or that appear twice: Ignore drops them, Warn drops them and answers with a Warning header "
        + "(the default), Strict refuses the request");
  }

  static ObjectNode force() {
    return query("force", "boolean", "for apply patches: take over fields other managers own instead of failing "
        + "with a conflict");
  }

  static ObjectNode gracePeriodSeconds() {
    return query("gracePeriodSeconds", "integer", "seconds to wait before the object is deleted; 0 means "
        + "immediately, unset means the object's own default");
  }

  static ObjectNode orphanDependents() {
    return query("orphanDependents", "boolean", "deprecated: use propagationPolicy");
  }

  static ObjectNode propagationPolicy() {
    return query("propagationPolicy", "string", "how dependents are garbage collected: Orphan, Background or "
        + "Foreground");
  }

  static ObjectNode labelSelector() {
    return query("labelSelector", "string", "only objects whose labels match this selector");
  }

  static ObjectNode fieldSelector() {
    return query("fieldSelector", "string", "only objects whose fields match this selector, e.g. "
        + "metadata.name=x or spec.nodeName=n");
  }

  static ObjectNode limit() {
    return query("limit", "integer", "the most objects to return; the list metadata carries a continue token "
        + "when more remain");
  }

  static ObjectNode continueToken() {
    return query("continue", "string", "the continue token of the previous page");
  }

  static ObjectNode resourceVersion() {
    return query("resourceVersion", "string", "for lists, how fresh the result must be; for watches, the version "
        + "after which changes are sent");
  }

  static ObjectNode resourceVersionMatch() {
    return query("resourceVersionMatch", "string", "how resourceVersion applies to a list: Exact or NotOlderThan");
  }

  static ObjectNode watch() {
    return query("watch", "boolean", "stream additions, updates and deletions instead of returning a list");
  }

  static ObjectNode allowWatchBookmarks() {
    return query("allowWatchBookmarks", "boolean", "let a watch send BOOKMARK events that only carry a "
        + "resourceVersion");
  }

  static ObjectNode timeoutSeconds() {
    return query("timeoutSeconds", "integer", "end a list or watch call after this many seconds");
  }

  static ObjectNode sendInitialEvents() {
    return query("sendInitialEvents", "boolean", "begin a watch with ADDED events for the current objects");
  }

  private static ObjectNode path(String name, String description) {
    ObjectNode p = NODES.objectNode();
    p.put("name", name);
    p.put("in", "path");
    p.put("description", description);
    p.put("required", true);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
    return p;
  }

  private static ObjectNode query(String name, String type, String description) {
    ObjectNode p = NODES.objectNode();
    p.put("name", name);
    p.put("in", "query");
    p.put("description", description);
    p.putObject("schema").put("type", type).put("uniqueItems", true);
    return p;
  }
}

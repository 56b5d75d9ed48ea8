package io.skiff.apiserver.rest;

import io.skiff.apiserver.selection.FieldSelector;
import io.skiff.apiserver.selection.LabelSelector;

/**
 * The options of a list or watch, parsed from the query.
 *
 * @param labels          the label selector (matches everything when absent)
 * @param fields          the field selector (matches everything when absent)
 * @param limit           page size, 0 for all
 * @param continueToken   the {@code continue} token of the previous page, or null
 * @param resourceVersion the {@code resourceVersion} parameter, or null
 * @param allowBookmarks  {@code allowWatchBookmarks}
 * @param timeoutSeconds  {@code timeoutSeconds} for watches, or null
 */
public record ListOptions(
    LabelSelector labels,
    FieldSelector fields,
    int limit,
    String continueToken,
    String resourceVersion,
    boolean allowBookmarks,
    Long timeoutSeconds) {}

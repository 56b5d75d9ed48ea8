package io.skiff.apiserver.rest;

import io.skiff.apiserver.decode.FieldValidation;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun       {@code dryRun=All}: validate and answer, store nothing
 * @param fieldManager the manager the write is recorded for in managedFields: the {@code fieldManager} query parameter,
 *                     else the client's user agent up to its first {@code /}; null for the server's own writes, which
 *                     record nothing
 * @param validation   the {@code fieldValidation} mode
 * @param force        {@code force=true} on server-side apply
 * @param apply        the write is a server-side apply, which records its own managed fields
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation validation, boolean force, boolean apply) {

  public static WriteOptions defaults() {
    return new WriteOptions(false, null, FieldValidation.Strict, false, false);
  }

  /** These options for a server-side apply. */
  public WriteOptions asApply() {
    return new WriteOptions(dryRun, fieldManager, validation, force, true);
  }

  /** The manager an ordinary write is recorded for, when it records one. */
  public java.util.Optional<String> updateManager() {
    return apply || fieldManager == null || fieldManager.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(fieldManager);
  }
}

package io.skiff.apiserver.rest;

import io.skiff.apiserver.decode.FieldValidation;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun       {@code dryRun=All}: validate and answer, store nothing
 * @param fieldManager the {@code fieldManager} query parameter, or null
 * @param validation   the {@code fieldValidation} mode
 * @param force        {@code force=true} on server-side apply
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation validation, boolean force) {

  public static WriteOptions defaults() {
    return new WriteOptions(false, null, FieldValidation.Strict, false);
  }
}

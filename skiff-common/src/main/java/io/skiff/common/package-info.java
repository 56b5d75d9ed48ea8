/**
 * The shared kernel of skiff: the closed error hierarchy every module throws ({@link io.skiff.common.SkiffException}),
 * field errors in Kubernetes' wording ({@link io.skiff.common.FieldError}), and small concurrency helpers.
 * It has no heavy dependencies, so every module may use it.
 */
package io.skiff.common;

/**
 * The OpenAPI v3 documents of {@code /openapi/v3}, generated at start from the fabric8 model classes of the served
 * resources ({@link io.skiff.apiserver.openapi.OpenApiV3}). kubectl reads them to hand field validation to the server
 * (it needs {@code fieldValidation} on the PATCH operations) and to render {@code kubectl explain}. Schema descriptions
 * come from {@code schema-notes.properties} beside these classes, written for skiff: the fabric8 classes carry none.
 */
package io.skiff.apiserver.openapi;

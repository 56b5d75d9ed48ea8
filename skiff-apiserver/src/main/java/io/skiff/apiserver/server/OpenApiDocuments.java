package io.skiff.apiserver.server;

import java.util.Optional;

/** The OpenAPI v3 documents served under {@code /openapi/v3}. */
public interface OpenApiDocuments {
  /** The root document listing every group-version. */
  byte[] root();

  /** The document of {@code path} ({@code api/v1}, {@code apis/coordination.k8s.io/v1}), if served. */
  Optional<byte[]> groupVersion(String path);
}

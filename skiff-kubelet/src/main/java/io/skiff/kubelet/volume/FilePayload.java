package io.skiff.kubelet.volume;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file a configMap, secret, downwardAPI or projected volume holds.
 *
 * @param path    the relative path in the volume (may contain '/')
 * @param content the bytes
 * @param mode    the permission bits, e.g. 0644
 */
public record FilePayload(String path, byte[] content, int mode) {
  public FilePayload {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    content = content.clone();
    if (path.isEmpty() || path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
      throw new IllegalArgumentException("a volume file path must be relative and must not contain '..': " + path);
    }
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilePayload f && f.path.equals(path) && f.mode == mode && Arrays.equals(f.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, mode, Arrays.hashCode(content));
  }
}

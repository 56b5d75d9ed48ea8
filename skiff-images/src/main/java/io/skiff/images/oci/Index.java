package io.skiff.images.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or a Docker manifest list: one manifest per platform. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Index(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("manifests") List<Descriptor> manifests,
    @JsonProperty("annotations") Map<String, String> annotations) {

  public Index {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /**
   * The first manifest that runs on {@code platform}, preferring an exact variant match over an entry without a
   * variant, as containerd's platform matcher orders them. Entries without a platform are skipped (attestations).
   */
  public Optional<Descriptor> select(Platform platform) {
    Descriptor loose = null;
    for (Descriptor d : manifests) {
      if (d.platform() == null || !MediaTypes.isManifest(d.mediaType()) && !MediaTypes.isIndex(d.mediaType())) {
        continue;
      }
      if (platform.accepts(d.platform())) {
        if (d.platform().variant().equals(platform.variant())) {
          return Optional.of(d);
        }
        if (loose == null) {
          loose = d;
        }
      }
    }
    return Optional.ofNullable(loose);
  }
}

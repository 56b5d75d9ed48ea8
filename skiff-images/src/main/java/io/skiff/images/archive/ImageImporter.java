package io.skiff.images.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.common.SkiffException;
import io.skiff.images.BlobSource;
import io.skiff.images.LocalImage;
import io.skiff.images.LocalImageService;
import io.skiff.images.PullListener;
import io.skiff.images.content.BlobInfo;
import io.skiff.images.content.BlobWriter;
import io.skiff.images.content.ContentIngester;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.Index;
import io.skiff.images.oci.MediaTypes;
import io.skiff.images.oci.OciJson;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Imports images from an OCI image layout (a directory or a tar of one) or a {@code docker save} archive. Names come
 * from {@code name} when given, else from the {@code io.containerd.image.name} annotation, a fully qualified
 * {@code org.opencontainers.image.ref.name}, or docker's {@code RepoTags}. Every blob is verified as it is copied.
 */
public final class ImageImporter {
  private static final String CONTAINERD_NAME = "io.containerd.image.name";
  private static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";

  private final LocalImageService images;

  public ImageImporter(LocalImageService images) {
    this.images = images;
  }

  /** Imports every image in {@code source}; {@code name} (may be null) names a source holding one image. */
  public List<LocalImage> importFrom(Path source, String name, Platform platform, PullListener listener) {
    try (LayoutFiles files = LayoutFiles.of(source)) {
      if (files.exists("index.json") && files.exists("oci-layout")) {
        return importLayout(files, name, platform, listener);
      }
      if (files.exists("manifest.json")) {
        return importDockerSave(files, name, platform, listener);
      }
      throw new SkiffException.BadRequest(source + " is neither an OCI image layout (oci-layout, index.json) nor a docker save archive (manifest.json)");
    }
  }

  private List<LocalImage> importLayout(LayoutFiles files, String name, Platform platform, PullListener listener) {
    Index index = OciJson.index(files.readAll("index.json"));
    if (index.manifests().isEmpty()) {
      throw new SkiffException.BadRequest("the layout's index.json lists no images");
    }
    if (name != null && index.manifests().size() > 1) {
      throw new SkiffException.BadRequest("the layout holds " + index.manifests().size() + " images; a name can only be given for one");
    }
    BlobSource source = new LayoutSource(files, Map.of());
    List<LocalImage> out = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      ImageRef ref = name != null ? ImageRef.parse(name) : nameOf(d);
      out.add(images.install(ref, d, source, platform, listener));
    }
    return out;
  }

  private static ImageRef nameOf(Descriptor d) {
    String containerd = d.annotations().get(CONTAINERD_NAME);
    if (containerd != null) {
      return ImageRef.parse(containerd);
    }
    String refName = d.annotations().getOrDefault(OCI_REF_NAME, "");
    if (refName.contains("/")) {
      return ImageRef.parse(refName);
    }
    throw new SkiffException.BadRequest("image " + d.digest() + " in the layout has no full name"
        + (refName.isEmpty() ? "" : " (only the tag \"" + refName + "\")") + "; give one with the name argument");
  }

  private List<LocalImage> importDockerSave(LayoutFiles files, String name, Platform platform, PullListener listener) {
    JsonNode manifests;
    try {
      manifests = OciJson.MAPPER.readTree(files.readAll("manifest.json"));
    } catch (IOException e) {
      throw new SkiffException.BadRequest("manifest.json of the archive is not JSON: " + e.getMessage(), e);
    }
    List<LocalImage> out = new ArrayList<>();
    for (JsonNode m : manifests) {
      Map<Digest, String> paths = new HashMap<>();
      byte[] config = files.readAll(m.path("Config").asText());
      Digest configDigest = Digest.sha256(config);
      paths.put(configDigest, m.path("Config").asText());
      ObjectNode manifest = OciJson.MAPPER.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
      manifest.set("config", OciJson.MAPPER.valueToTree(new Descriptor(MediaTypes.DOCKER_CONFIG, configDigest, config.length)));
      var layers = manifest.putArray("layers");
      for (JsonNode l : m.path("Layers")) {
        String path = l.asText();
        Descriptor d = describe(files, path);
        paths.put(d.digest(), path);
        layers.add(OciJson.MAPPER.valueToTree(d));
      }
      byte[] manifestBytes = OciJson.write(manifest);
      Descriptor target = new Descriptor(MediaTypes.DOCKER_MANIFEST, Digest.sha256(manifestBytes), manifestBytes.length);
      BlobSource source = new LayoutSource(files, Map.of(target.digest(), manifestBytes), paths);
      List<String> names = new ArrayList<>();
      if (name != null) {
        names.add(name);
      } else {
        m.path("RepoTags").forEach(t -> names.add(t.asText()));
      }
      if (names.isEmpty()) {
        throw new SkiffException.BadRequest("an image in the archive has no RepoTags; give a name");
      }
      for (String n : names) {
        out.add(images.install(ImageRef.parse(n), target, source, platform, listener));
      }
    }
    return out;
  }

  private static Descriptor describe(LayoutFiles files, String path) {
    MessageDigest sha = Digest.newSha256();
    long size = 0;
    try (InputStream in = files.open(path).orElseThrow(() -> new SkiffException.BadRequest("the archive has no layer " + path))) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        size += n;
      }
    } catch (IOException e) {
      throw new SkiffException.BadRequest("cannot read layer " + path + ": " + e.getMessage(), e);
    }
    return new Descriptor(MediaTypes.DOCKER_LAYER, new Digest("sha256", HexFormat.of().formatHex(sha.digest())), size);
  }

  /** Blobs from {@code blobs/<alg>/<hex>}, from explicit paths (docker save), or from generated documents. */
  private record LayoutSource(LayoutFiles files, Map<Digest, byte[]> generated, Map<Digest, String> paths) implements BlobSource {
    LayoutSource(LayoutFiles files, Map<Digest, byte[]> generated) {
      this(files, generated, Map.of());
    }

    private String path(Descriptor d) {
      return paths.getOrDefault(d.digest(), "blobs/" + d.digest().algorithm() + "/" + d.digest().hex());
    }

    @Override
    public byte[] manifest(Descriptor d) {
      byte[] bytes = Optional.ofNullable(generated.get(d.digest())).orElseGet(() -> files.readAll(path(d)));
      if (!Digest.sha256(bytes).equals(d.digest())) {
        throw new SkiffException.BadRequest("manifest " + d.digest() + " in the archive does not match its digest");
      }
      return bytes;
    }

    @Override
    public BlobInfo blob(Descriptor d, ContentIngester ingester, LongConsumer progress) {
      try (BlobWriter w = ingester.writer("blob " + d.digest());
           InputStream in = files.open(path(d)).orElseThrow(() -> new SkiffException.NotFound("the archive has no blob " + d.digest()))) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          w.write(buf, 0, n);
          progress.accept(w.offset());
        }
        return w.commit(d.size(), d.digest());
      } catch (IOException e) {
        throw new SkiffException.BadRequest("cannot read blob " + d.digest() + ": " + e.getMessage(), e);
      }
    }
  }
}

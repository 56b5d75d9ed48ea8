package io.skiff.images.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.ImageConfig;
import io.skiff.images.oci.MediaTypes;
import io.skiff.images.oci.OciJson;
import io.skiff.images.oci.Platform;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds OCI images for tests from Debian's {@code /bin/busybox} (busybox-static) and {@code /bin/bash-static}
 * (bash-static), writing the OCI layout directly (tar layers with Commons Compress, gzip, zstd or none; config,
 * manifest, multi-platform index), and pushes layouts to a {@link LocalRegistry} with {@code skopeo copy}.
 */
public final class TestImages {
  public static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final List<String> APPLETS = List.of("sh", "cat", "echo", "sleep", "ls", "tar", "true", "false", "env",
      "id", "mkdir", "rm", "touch", "wc", "head", "tail", "grep", "sed", "ps", "hostname", "printf", "test", "uname",
      "date", "cp", "mv", "ln", "chmod", "kill", "pwd", "stat", "sort", "find", "xargs", "wget", "nc", "ip", "mount",
      "df", "du", "whoami", "readlink", "seq", "timeout", "nslookup");

  private TestImages() {}

  /** How a layer blob is compressed. */
  public enum Compression { GZIP, ZSTD, NONE }

  /** One tar entry to write. */
  public sealed interface Entry {
    String name();

    record Dir(String name, int mode) implements Entry {}
    record File(String name, int mode, Source content, int uid, int gid) implements Entry {}
    record Symlink(String name, String target) implements Entry {}
    record Hardlink(String name, String target) implements Entry {}
  }

  /** File content: bytes, a host file, or seeded random bytes. */
  public sealed interface Source {
    record Bytes(byte[] bytes) implements Source {}
    record HostFile(Path path) implements Source {}
    record Random(long size, long seed) implements Source {}
  }

  /** A layer's entries, in tar order. */
  public record Layer(List<Entry> entries) {
    public Layer {
      entries = List.copyOf(entries);
    }
  }

  /** Builds a {@link Layer}. */
  public static final class LayerBuilder {
    private final List<Entry> entries = new ArrayList<>();

    public LayerBuilder dir(String name) {
      entries.add(new Entry.Dir(name, 0755));
      return this;
    }

    public LayerBuilder dir(String name, int mode) {
      entries.add(new Entry.Dir(name, mode));
      return this;
    }

    public LayerBuilder file(String name, String content) {
      entries.add(new Entry.File(name, 0644, new Source.Bytes(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 0));
      return this;
    }

    public LayerBuilder file(String name, int mode, String content, int uid, int gid) {
      entries.add(new Entry.File(name, mode, new Source.Bytes(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)), uid, gid));
      return this;
    }

    public LayerBuilder hostFile(String name, Path host, int mode) {
      entries.add(new Entry.File(name, mode, new Source.HostFile(host), 0, 0));
      return this;
    }

    public LayerBuilder random(String name, long size, long seed) {
      entries.add(new Entry.File(name, 0644, new Source.Random(size, seed), 0, 0));
      return this;
    }

    public LayerBuilder symlink(String name, String target) {
      entries.add(new Entry.Symlink(name, target));
      return this;
    }

    public LayerBuilder hardlink(String name, String target) {
      entries.add(new Entry.Hardlink(name, target));
      return this;
    }

    /** A whiteout hiding {@code path} of lower layers. */
    public LayerBuilder whiteout(String path) {
      int slash = path.lastIndexOf('/');
      String name = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
      return file(name, "");
    }

    /** Marks {@code dir} opaque: lower layers' contents of it are hidden. */
    public LayerBuilder opaque(String dir) {
      return file(dir + "/.wh..wh..opq", "");
    }

    public Layer build() {
      return new Layer(entries);
    }
  }

  public static LayerBuilder layer() {
    return new LayerBuilder();
  }

  /** {@code /bin/busybox} with symlinks for common applets ({@code sh}, {@code cat}, {@code sleep}, …). */
  public static Layer busybox() {
    LayerBuilder b = layer().dir("bin").hostFile("bin/busybox", Path.of("/bin/busybox"), 0755);
    APPLETS.forEach(a -> b.symlink("bin/" + a, "busybox"));
    return b.dir("tmp", 01777).dir("etc").file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n").build();
  }

  /** {@code /bin/bash} from bash-static. */
  public static Layer bash() {
    return layer().dir("bin").hostFile("bin/bash", Path.of("/bin/bash-static"), 0755).build();
  }

  /** An image: layers (lowest first) and process defaults. */
  public static final class ImageBuilder {
    private final List<Layer> layers = new ArrayList<>();
    private final List<Compression> compressions = new ArrayList<>();
    private List<String> cmd = List.of("sh");
    private List<String> entrypoint = List.of();
    private List<String> env = List.of(PATH_ENV);
    private String workingDir = "";
    private String user = "";
    private Map<String, String> labels = new LinkedHashMap<>();
    private Platform platform = Platform.LINUX_AMD64;

    public ImageBuilder layer(Layer l, Compression c) {
      layers.add(l);
      compressions.add(c);
      return this;
    }

    public ImageBuilder layer(Layer l) {
      return layer(l, Compression.GZIP);
    }

    public ImageBuilder cmd(String... c) {
      cmd = List.of(c);
      return this;
    }

    public ImageBuilder entrypoint(String... e) {
      entrypoint = List.of(e);
      return this;
    }

    public ImageBuilder env(String... e) {
      env = List.of(e);
      return this;
    }

    public ImageBuilder workingDir(String w) {
      workingDir = w;
      return this;
    }

    public ImageBuilder user(String u) {
      user = u;
      return this;
    }

    public ImageBuilder label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    public ImageBuilder platform(Platform p) {
      platform = p;
      return this;
    }
  }

  public static ImageBuilder image() {
    return new ImageBuilder();
  }

  /** A busybox image ({@code sh} as command). */
  public static ImageBuilder busyboxImage() {
    return image().layer(busybox());
  }

  /** What was written: digests of the top document (manifest or index), config and layers. */
  public record Written(Digest target, String targetMediaType, long targetSize, Digest config, List<Digest> layers,
      List<Digest> diffIds) {}

  /** Writes one image as an OCI layout in {@code dir} under {@code tag}. */
  public static Written writeLayout(Path dir, String tag, ImageBuilder image) throws IOException {
    initLayout(dir);
    Written w = writeImage(dir, image);
    writeIndexJson(dir, List.of(descriptor(MediaTypes.OCI_MANIFEST, w.target(), w.targetSize(), null, tag)));
    return w;
  }

  /** Writes several platform images and an index over them as an OCI layout under {@code tag}. */
  public static Written writeMultiPlatformLayout(Path dir, String tag, List<ImageBuilder> images) throws IOException {
    initLayout(dir);
    ObjectNode index = OciJson.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (ImageBuilder image : images) {
      Written w = writeImage(dir, image);
      manifests.add(descriptor(MediaTypes.OCI_MANIFEST, w.target(), w.targetSize(), image.platform, null));
    }
    byte[] bytes = OciJson.write(index);
    Digest d = putBlob(dir, bytes);
    writeIndexJson(dir, List.of(descriptor(MediaTypes.OCI_INDEX, d, bytes.length, null, tag)));
    return new Written(d, MediaTypes.OCI_INDEX, bytes.length, null, List.of(), List.of());
  }

  private static Written writeImage(Path dir, ImageBuilder image) throws IOException {
    List<Digest> layerDigests = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    List<ObjectNode> layerDescs = new ArrayList<>();
    for (int i = 0; i < image.layers.size(); i++) {
      Compression c = image.compressions.get(i);
      LayerBlob blob = writeLayer(dir, image.layers.get(i), c);
      layerDigests.add(blob.digest);
      diffIds.add(blob.diffId);
      String mt = switch (c) {
        case GZIP -> MediaTypes.OCI_LAYER_GZIP;
        case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        case NONE -> MediaTypes.OCI_LAYER;
      };
      layerDescs.add(descriptor(mt, blob.digest, blob.size, null, null));
    }
    ImageConfig config = new ImageConfig(image.entrypoint, image.cmd, image.env, image.workingDir, image.user,
        image.labels, List.of(), List.of(), "", image.platform.os(), image.platform.architecture(), image.platform.variant(), diffIds);
    byte[] configBytes = OciJson.writeImageConfig(config);
    Digest configDigest = putBlob(dir, configBytes);
    ObjectNode manifest = OciJson.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set("config", descriptor(MediaTypes.OCI_CONFIG, configDigest, configBytes.length, null, null));
    manifest.putArray("layers").addAll(layerDescs);
    byte[] manifestBytes = OciJson.write(manifest);
    Digest md = putBlob(dir, manifestBytes);
    return new Written(md, MediaTypes.OCI_MANIFEST, manifestBytes.length, configDigest, layerDigests, diffIds);
  }

  private record LayerBlob(Digest digest, long size, Digest diffId) {}

  private static LayerBlob writeLayer(Path dir, Layer layer, Compression c) throws IOException {
    Path tmp = Files.createTempFile(dir, "layer", ".tmp");
    MessageDigest compressedSha = Digest.newSha256();
    MessageDigest tarSha = Digest.newSha256();
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
         DigestOutputStream compressedOut = new DigestOutputStream(file, compressedSha);
         OutputStream compressor = switch (c) {
           case GZIP -> new GZIPOutputStream(compressedOut, 1 << 16) { { def.setLevel(Deflater.BEST_SPEED); } };
           case ZSTD -> new ZstdOutputStream(compressedOut, 1);
           case NONE -> new java.io.FilterOutputStream(compressedOut) {
             @Override
             public void write(byte[] b, int off, int len) throws IOException {
               out.write(b, off, len);
             }
           };
         };
         DigestOutputStream tarOut = new DigestOutputStream(compressor, tarSha);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(tarOut)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry e : layer.entries()) {
        writeEntry(tar, e);
      }
      tar.finish();
    }
    Digest digest = new Digest("sha256", HexFormat.of().formatHex(compressedSha.digest()));
    Digest diffId = new Digest("sha256", HexFormat.of().formatHex(tarSha.digest()));
    long size = Files.size(tmp);
    Files.move(tmp, blobPath(dir, digest), StandardCopyOption.REPLACE_EXISTING);
    return new LayerBlob(digest, size, diffId);
  }

  private static void writeEntry(TarArchiveOutputStream tar, Entry e) throws IOException {
    switch (e) {
      case Entry.Dir d -> {
        TarArchiveEntry t = new TarArchiveEntry(d.name().endsWith("/") ? d.name() : d.name() + "/");
        t.setMode(040000 | d.mode());
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
      }
      case Entry.Symlink s -> {
        TarArchiveEntry t = new TarArchiveEntry(s.name(), TarConstants.LF_SYMLINK);
        t.setLinkName(s.target());
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
      }
      case Entry.Hardlink h -> {
        TarArchiveEntry t = new TarArchiveEntry(h.name(), TarConstants.LF_LINK);
        t.setLinkName(h.target());
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
      }
      case Entry.File f -> {
        TarArchiveEntry t = new TarArchiveEntry(f.name(), true);
        t.setMode(0100000 | f.mode());
        t.setUserId(f.uid());
        t.setGroupId(f.gid());
        switch (f.content()) {
          case Source.Bytes b -> {
            t.setSize(b.bytes().length);
            tar.putArchiveEntry(t);
            tar.write(b.bytes());
          }
          case Source.HostFile h -> {
            t.setSize(Files.size(h.path()));
            tar.putArchiveEntry(t);
            try (InputStream in = Files.newInputStream(h.path())) {
              in.transferTo(tar);
            }
          }
          case Source.Random r -> {
            t.setSize(r.size());
            tar.putArchiveEntry(t);
            Random rnd = new Random(r.seed());
            byte[] buf = new byte[1 << 16];
            for (long left = r.size(); left > 0; ) {
              rnd.nextBytes(buf);
              int n = (int) Math.min(buf.length, left);
              tar.write(buf, 0, n);
              left -= n;
            }
          }
        }
        tar.closeArchiveEntry();
      }
    }
  }

  private static ObjectNode descriptor(String mediaType, Digest d, long size, Platform platform, String refName) {
    ObjectNode n = OciJson.MAPPER.createObjectNode();
    n.put("mediaType", mediaType);
    n.put("digest", d.toString());
    n.put("size", size);
    if (platform != null) {
      n.set("platform", OciJson.MAPPER.valueToTree(platform));
    }
    if (refName != null) {
      n.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
    }
    return n;
  }

  private static void initLayout(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  private static void writeIndexJson(Path dir, List<ObjectNode> manifests) throws IOException {
    ObjectNode index = OciJson.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests").addAll(manifests);
    Files.write(dir.resolve("index.json"), OciJson.write(index));
  }

  private static Digest putBlob(Path dir, byte[] bytes) throws IOException {
    Digest d = Digest.sha256(bytes);
    Files.write(blobPath(dir, d), bytes);
    return d;
  }

  private static Path blobPath(Path dir, Digest d) {
    return dir.resolve("blobs/sha256/" + d.hex());
  }

  /**
   * Pushes the layout's {@code tag} to {@code registry} as {@code repository:tag} with skopeo (all platforms of an
   * index; {@code format} {@code v2s2} converts to Docker schema 2, null keeps OCI).
   */
  public static void push(Path layout, String tag, LocalRegistry registry, String repositoryAndTag, String format) {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--all", "--dest-tls-verify=false"));
    cmd.addAll(registry.skopeoCreds());
    if (format != null) {
      cmd.addAll(List.of("--format", format));
    } else {
      cmd.add("--preserve-digests");
    }
    cmd.add("oci:" + layout + ":" + tag);
    cmd.add("docker://" + registry.directHost() + "/" + repositoryAndTag);
    run(cmd);
  }

  /** Builds and pushes {@code image} as {@code repositoryAndTag}; returns what was written. */
  public static Written buildAndPush(Path work, ImageBuilder image, LocalRegistry registry, String repositoryAndTag) throws IOException {
    Path layout = Files.createTempDirectory(work, "layout");
    Written w = writeLayout(layout, "t", image);
    push(layout, "t", registry, repositoryAndTag, null);
    return w;
  }

  static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

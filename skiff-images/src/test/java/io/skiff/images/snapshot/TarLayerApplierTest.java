package io.skiff.images.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.images.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TarLayerApplierTest {
  @TempDir Path dir;

  private interface Writer {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private static byte[] tar(Writer w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      w.write(t);
    }
    return out.toByteArray();
  }

  private static void file(TarArchiveOutputStream t, String name, String content, int mode) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setMode(0100000 | mode);
    e.setSize(b.length);
    t.putArchiveEntry(e);
    t.write(b);
    t.closeArchiveEntry();
  }

  private static void link(TarArchiveOutputStream t, String name, String target, byte type) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setLinkName(target);
    t.putArchiveEntry(e);
    t.closeArchiveEntry();
  }

  private static void dir(TarArchiveOutputStream t, String name, int mode) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name + "/");
    e.setMode(040000 | mode);
    t.putArchiveEntry(e);
    t.closeArchiveEntry();
  }

  @Test
  void createsFilesDirectoriesLinksAndModesAndComputesTheDiffId() throws IOException {
    byte[] layer = tar(t -> {
      dir(t, "usr", 0755);
      dir(t, "usr/bin", 0555);
      file(t, "usr/bin/tool", "#!/bin/sh\n", 04755);
      link(t, "usr/bin/alias", "tool", TarConstants.LF_SYMLINK);
      link(t, "usr/bin/hard", "usr/bin/tool", TarConstants.LF_LINK);
      file(t, "/etc/conf", "x=1", 0600);
      link(t, "abs", "/etc/conf", TarConstants.LF_SYMLINK);
    });
    Path root = Files.createDirectories(dir.resolve("root"));
    TarLayerApplier.Result r = TarLayerApplier.apply(new ByteArrayInputStream(layer), root, "test layer");

    assertThat(r.diffId()).isEqualTo(Digest.sha256(layer));
    assertThat(root.resolve("usr/bin/tool")).hasContent("#!/bin/sh");
    assertThat((Integer) Files.getAttribute(root.resolve("usr/bin/tool"), "unix:mode") & 07777).isEqualTo(04755);
    assertThat((Integer) Files.getAttribute(root.resolve("usr/bin"), "unix:mode") & 07777).isEqualTo(0555);
    assertThat(Files.readSymbolicLink(root.resolve("usr/bin/alias"))).isEqualTo(Path.of("tool"));
    assertThat(Files.readSymbolicLink(root.resolve("abs"))).isEqualTo(Path.of("/etc/conf"));
    assertThat(Files.isSameFile(root.resolve("usr/bin/hard"), root.resolve("usr/bin/tool"))).isTrue();
    assertThat(root.resolve("etc/conf")).hasContent("x=1");
  }

  static Stream<Writer> escapes() {
    return Stream.of(
        t -> file(t, "../evil", "x", 0644),
        t -> file(t, "a/../../evil", "x", 0644),
        t -> link(t, "h", "../../etc/passwd", TarConstants.LF_LINK),
        t -> {
          link(t, "sneaky", "/tmp", TarConstants.LF_SYMLINK);
          file(t, "sneaky/evil", "x", 0644);
        },
        t -> {
          link(t, "up", "..", TarConstants.LF_SYMLINK);
          file(t, "up/evil", "x", 0644);
        });
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void entriesThatWouldLandOutsideTheRootAreRefused(Writer w) throws IOException {
    Path root = Files.createDirectories(dir.resolve("inner/root"));
    assertThatThrownBy(() -> TarLayerApplier.apply(new ByteArrayInputStream(tar(w)), root, "evil layer"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessageContaining("evil layer")
        .hasMessageContaining("layer refused");
    assertThat(dir.resolve("inner/evil")).doesNotExist();
    assertThat(dir.resolve("evil")).doesNotExist();
    assertThat(Path.of("/tmp/evil")).doesNotExist();
  }

  @Test
  void aLaterEntryReplacesAnEarlierOne() throws IOException {
    byte[] layer = tar(t -> {
      dir(t, "x", 0755);
      file(t, "x/inner", "1", 0644);
      file(t, "x", "now a file", 0644);
      file(t, "y", "first", 0644);
      link(t, "y", "x", TarConstants.LF_SYMLINK);
    });
    Path root = Files.createDirectories(dir.resolve("root"));
    TarLayerApplier.apply(new ByteArrayInputStream(layer), root, "l");
    assertThat(root.resolve("x")).hasContent("now a file");
    assertThat(Files.isSymbolicLink(root.resolve("y"))).isTrue();
    assertThat(Files.exists(root.resolve("x"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void aHardLinkToAMissingFileIsRefused() throws IOException {
    byte[] layer = tar(t -> link(t, "h", "nowhere", TarConstants.LF_LINK));
    Path root = Files.createDirectories(dir.resolve("root"));
    assertThatThrownBy(() -> TarLayerApplier.apply(new ByteArrayInputStream(layer), root, "l"))
        .isInstanceOf(SkiffException.BadRequest.class).hasMessageContaining("does not contain");
  }
}

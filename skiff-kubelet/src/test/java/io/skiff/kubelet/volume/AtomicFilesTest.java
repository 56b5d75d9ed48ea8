package io.skiff.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private static FilePayload file(String path, String content, int mode) {
    return new FilePayload(path, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  @Test
  void filesAreReachedThroughTheDataLinkWithTheirModes() throws Exception {
    assertThat(AtomicFiles.write(dir, List.of(file("app.conf", "a=1", 0644), file("nested/key", "k", 0400)))).isTrue();
    assertThat(dir.resolve("app.conf")).hasContent("a=1");
    assertThat(dir.resolve("nested/key")).hasContent("k");
    assertThat(Files.isSymbolicLink(dir.resolve("app.conf"))).isTrue();
    assertThat(Files.readSymbolicLink(dir.resolve("app.conf")).toString()).isEqualTo("..data/app.conf");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("nested/key")))).isEqualTo("r--------");
  }

  @Test
  void unchangedContentIsNotRewrittenAndAChangeSwitchesEverythingAtOnce() throws Exception {
    AtomicFiles.write(dir, List.of(file("a", "1", 0644), file("b", "2", 0644)));
    Path firstData = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));
    assertThat(AtomicFiles.write(dir, List.of(file("a", "1", 0644), file("b", "2", 0644)))).isFalse();
    assertThat(AtomicFiles.write(dir, List.of(file("a", "changed", 0644)))).isTrue();
    assertThat(dir.resolve("a")).hasContent("changed");
    assertThat(dir.resolve("b")).doesNotExist();
    assertThat(Files.exists(dir.resolve("b"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(firstData).doesNotExist();
  }

  @Test
  void pathsMustStayInsideTheVolume() {
    assertThatThrownBy(() -> file("../escape", "x", 0644)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> file("/abs", "x", 0644)).isInstanceOf(IllegalArgumentException.class);
  }
}

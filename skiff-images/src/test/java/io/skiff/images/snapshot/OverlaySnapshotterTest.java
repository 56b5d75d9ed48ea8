package io.skiff.images.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlaySnapshotterTest {
  @TempDir Path dir;

  @Test
  void preparedSnapshotsOverParentsAreOverlaysWithLowerDirsTopFirst() throws Exception {
    OverlaySnapshotter s = new OverlaySnapshotter(dir);
    assertThat(s.prepare("a-active", "")).singleElement().satisfies(m -> assertThat(m.type()).isEqualTo("bind"));
    Files.writeString(s.directory("a-active").resolve("f"), "a");
    s.commit("a", "a-active");
    s.prepare("b-active", "a");
    s.commit("b", "b-active");

    List<Mount> mounts = s.prepare("container", "b");

    assertThat(mounts).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("overlay");
      assertThat(m.lowerDirs()).containsExactly(s.directory("b"), s.directory("a"));
      assertThat(m.option("upperdir")).contains(s.directory("container").toString());
      assertThat(m.option("workdir")).isPresent();
      assertThat(m.options()).contains("userxattr");
    });
    assertThat(s.view("v", "b")).singleElement().satisfies(m -> assertThat(m.readOnly()).isTrue());
  }

  @Test
  void refusesActiveParentsParentsWithChildrenAndDuplicateKeys() {
    OverlaySnapshotter s = new OverlaySnapshotter(dir);
    s.prepare("a-active", "");
    assertThatThrownBy(() -> s.prepare("x", "a-active")).isInstanceOf(SkiffException.BadRequest.class);
    s.commit("a", "a-active");
    s.prepare("child", "a");
    assertThatThrownBy(() -> s.remove("a")).isInstanceOf(SkiffException.Conflict.class);
    assertThatThrownBy(() -> s.prepare("child", "a")).isInstanceOf(SkiffException.AlreadyExists.class);
    assertThatThrownBy(() -> s.prepare("y", "missing")).isInstanceOf(SkiffException.NotFound.class);
    s.remove("child");
    s.remove("a");
    assertThat(s.walk()).isEmpty();
  }

  @Test
  void snapshotsSurviveReopeningAndUnfinishedOnesAreCleared() throws Exception {
    OverlaySnapshotter s = new OverlaySnapshotter(dir);
    s.prepare("a-active", "");
    s.commit("a", "a-active");
    Files.createDirectories(dir.resolve("snapshots/77.tmp/fs"));
    OverlaySnapshotter reopened = new OverlaySnapshotter(dir);
    assertThat(reopened.stat("a")).hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(SnapshotInfo.Kind.COMMITTED));
    assertThat(dir.resolve("snapshots/77.tmp")).doesNotExist();
  }

  @Test
  void chainIdsFollowTheImageSpec() {
    var d1 = io.skiff.images.oci.Digest.sha256(new byte[] {1});
    var d2 = io.skiff.images.oci.Digest.sha256(new byte[] {2});
    var chain = ChainIds.of(List.of(d1, d2));
    assertThat(chain.get(0)).isEqualTo(d1);
    assertThat(chain.get(1)).isEqualTo(io.skiff.images.oci.Digest.sha256((d1 + " " + d2).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}

package io.skiff.images.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.images.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest {
  @TempDir Path dir;

  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

  @Test
  void aCommittedBlobIsVisibleAndReadable() {
    LocalContentStore store = new LocalContentStore(dir);
    Digest d = Digest.sha256(HELLO);
    try (BlobWriter w = store.writer("test")) {
      w.write(HELLO, 0, 2);
      w.write(HELLO, 2, 3);
      assertThat(store.findInfo(d)).isEmpty();
      w.commit(5, d);
    }
    assertThat(store.readAll(d)).isEqualTo(HELLO);
    assertThat(store.walk()).extracting(BlobInfo::digest).containsExactly(d);
  }

  @Test
  void aDigestOrSizeMismatchKeepsNothing() throws Exception {
    LocalContentStore store = new LocalContentStore(dir);
    Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    BlobWriter w1 = store.writer("blob A");
    w1.write(HELLO, 0, HELLO.length);
    assertThatThrownBy(() -> w1.commit(5, wrong)).isInstanceOf(SkiffException.BadRequest.class).hasMessageContaining("digest mismatch");
    BlobWriter w2 = store.writer("blob B");
    w2.write(HELLO, 0, HELLO.length);
    assertThatThrownBy(() -> w2.commit(6, Digest.sha256(HELLO))).hasMessageContaining("size mismatch");
    assertThat(store.walk()).isEmpty();
    try (var s = Files.list(dir.resolve("ingest"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void closingWithoutCommitDiscardsAndResetStartsOver() {
    LocalContentStore store = new LocalContentStore(dir);
    try (BlobWriter w = store.writer("x")) {
      w.write(HELLO, 0, HELLO.length);
    }
    assertThat(store.walk()).isEmpty();
    try (BlobWriter w = store.writer("y")) {
      w.write("garbage".getBytes(StandardCharsets.UTF_8), 0, 7);
      w.reset();
      w.write(HELLO, 0, HELLO.length);
      assertThat(w.offset()).isEqualTo(5);
      w.commit(5, Digest.sha256(HELLO));
    }
    assertThat(store.findInfo(Digest.sha256(HELLO))).isPresent();
  }

  @Test
  void partialBlobsOfDeadProcessesAreRemovedOnOpen() throws Exception {
    Files.createDirectories(dir.resolve("ingest"));
    Path stale = dir.resolve("ingest/999999999-abc.part");
    Files.write(stale, HELLO);
    new LocalContentStore(dir);
    assertThat(stale).doesNotExist();
  }
}

package io.skiff.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.snapshot.Mount;
import io.skiff.images.snapshot.Mounts;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whiteouts, opaque directories and ownership seen through a real overlay mount of a container root. */
@Tag("registry")
@RequiresRoot
class OverlayRootIT {
  @TempDir Path dir;

  @Test
  void whiteoutsAndOpaqueDirectoriesHideLowerFilesInTheContainerRoot() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE)) {
      TestImages.buildAndPush(dir, TestImages.image()
          .layer(TestImages.busybox())
          .layer(TestImages.layer().dir("etc/app").file("etc/app/a.conf", "a").file("etc/app/b.conf", "b")
              .dir("data").file("data/old.txt", "old").file("gone.txt", "bye")
              .file("owned.txt", 04750, "x", 1234, 5678).build())
          .layer(TestImages.layer().whiteout("gone.txt").opaque("data").file("data/new.txt", "new")
              .whiteout("etc/app/a.conf").build()),
          registry, "test/whiteouts:1");
      LocalImageService images = new LocalImageService(new ImagesConfig(dir.resolve("images"), RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
      LocalImage image = images.pull(ImageRef.parse(registry.host() + "/test/whiteouts:1"), PullCredentials.NONE);

      List<Mount> mounts = images.containerRoots().prepare("c1", image);
      assertThat(mounts).singleElement().satisfies(m -> {
        assertThat(m.type()).isEqualTo("overlay");
        assertThat(m.lowerDirs()).containsExactlyElementsOf(image.layerDirs().reversed());
        assertThat(m.option("upperdir")).contains(images.containerRoots().upperDir("c1").toString());
      });
      Path root = Files.createDirectories(dir.resolve("rootfs"));
      Mounts.mount(mounts, root);
      try {
        assertThat(root.resolve("gone.txt")).doesNotExist();
        assertThat(root.resolve("data/old.txt")).doesNotExist();
        assertThat(root.resolve("data/new.txt")).hasContent("new");
        assertThat(root.resolve("etc/app/a.conf")).doesNotExist();
        assertThat(root.resolve("etc/app/b.conf")).hasContent("b");
        assertThat(root.resolve("bin/busybox")).isExecutable();
        assertThat(Files.getAttribute(root.resolve("owned.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
        assertThat(Files.getAttribute(root.resolve("owned.txt"), "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(5678);
        assertThat((Integer) Files.getAttribute(root.resolve("owned.txt"), "unix:mode") & 07777).isEqualTo(04750);
        Files.writeString(root.resolve("written-by-container.txt"), "mine");
        assertThat(images.containerRoots().upperDir("c1").resolve("written-by-container.txt")).hasContent("mine");
        assertThat(image.layerDirs()).noneSatisfy(d -> assertThat(d.resolve("written-by-container.txt")).exists());
      } finally {
        Mounts.unmount(root);
      }
      images.containerRoots().remove("c1");
      assertThat(images.containerRoots().exists("c1")).isFalse();
    }
  }
}

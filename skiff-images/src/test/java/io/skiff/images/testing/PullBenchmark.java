package io.skiff.images.testing;

import io.skiff.images.ContainerRoots;
import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImage;
import io.skiff.images.LocalImageService;
import io.skiff.images.PullEvent;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.config.RegistryHosts;
import io.skiff.images.content.LocalContentStore;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.OciJson;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.HttpRegistryClient;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.registry.Resolution;
import io.skiff.images.snapshot.Mount;
import io.skiff.images.snapshot.Mounts;
import io.skiff.images.snapshot.OverlaySnapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): a ~100 MB, 5-layer image of random (incompressible) data in the local registry, pulled
 * cold by skiff (fetch only, and the full pull with unpacking) and copied by {@code skopeo copy} to an OCI directory
 * in the same run; an Always re-pull of the unchanged image with its requests counted; and the time to a mounted
 * overlay writable root (needs root). Prints the figures.
 */
public final class PullBenchmark {
  private PullBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path work = Files.createTempDirectory("skiff-bench");
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), LocalRegistry.Auth.NONE)) {
      TestImages.ImageBuilder image = TestImages.image();
      for (int i = 0; i < 5; i++) {
        image.layer(TestImages.layer().random("data/layer" + i + ".bin", 20_000_000, i).build(), TestImages.Compression.GZIP);
      }
      TestImages.Written w = TestImages.buildAndPush(work, image, registry, "bench/big:1");
      long total = 0;
      Path layout = work.resolve("layout");
      for (var d : w.layers()) {
        total += Files.size(work.resolve(findLayoutDir(work)).resolve("blobs/sha256/" + d.hex()));
      }
      System.out.printf(Locale.ROOT, "image: 5 layers, %.1f MB compressed (random data)%n", total / 1e6);
      String direct = registry.directHost() + "/bench/big:1";

      for (int round = 1; round <= rounds; round++) {
        Path skopeoDir = work.resolve("skopeo-" + round);
        long t0 = System.nanoTime();
        TestImages.run(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--src-tls-verify=false",
            "docker://" + direct, "oci:" + skopeoDir + ":t"));
        double skopeo = (System.nanoTime() - t0) / 1e9;

        double fetch = fetchOnly(work.resolve("fetch-" + round), direct);

        Path store = work.resolve("store-" + round);
        LocalImageService images = new LocalImageService(new ImagesConfig(store, RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
        AtomicLong unpackNanos = new AtomicLong();
        long t1 = System.nanoTime();
        images.pull(ImageRef.parse(direct), PullCredentials.NONE, Platform.current(), e -> {
          if (e instanceof PullEvent.LayerUnpacked u) {
            unpackNanos.addAndGet(u.took().toNanos());
          }
        });
        double pull = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT,
            "round %d: skopeo copy %.2fs (%.0f MB/s) | skiff fetch only %.2fs (%.0f MB/s) | skiff pull+unpack %.2fs (%.0f MB/s), unpack %.2fs summed over layers%n",
            round, skopeo, total / 1e6 / skopeo, fetch, total / 1e6 / fetch, pull, total / 1e6 / pull, unpackNanos.get() / 1e9);
        deleteTree(skopeoDir);
        if (round < rounds) {
          deleteTree(store);
        }
      }

      Path store = work.resolve("store-" + rounds);
      LocalImageService images = new LocalImageService(new ImagesConfig(store, RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
      registry.proxy().reset();
      ImageRef counted = ImageRef.parse(registry.host() + "/bench/big:1");
      LocalImage first = images.pull(counted, PullCredentials.NONE);
      long coldManifests = registry.proxy().manifestRequests();
      long coldBlobs = registry.proxy().blobRequests();
      registry.proxy().reset();
      long t2 = System.nanoTime();
      images.pull(counted, PullCredentials.NONE);
      double again = (System.nanoTime() - t2) / 1e6;
      System.out.printf(Locale.ROOT, "first pull through the counting proxy (same content already local under another name): %d manifest + %d blob requests%n", coldManifests, coldBlobs);
      System.out.printf(Locale.ROOT, "Always re-pull, unchanged: %d manifest request(s) %s, %d blob requests, %.1f ms%n",
          registry.proxy().manifestRequests(), registry.proxy().requests().stream().map(r -> r.method()).toList(),
          registry.proxy().blobRequests(), again);

      if (!io.skiff.images.snapshot.TarLayerApplier.runningAsRoot()) {
        System.out.println("overlay root: skipped (needs root)");
        return;
      }
      ContainerRoots roots = images.containerRoots();
      Path target = Files.createDirectories(work.resolve("rootfs"));
      int n = 50;
      long sum = 0;
      long best = Long.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        long t3 = System.nanoTime();
        List<Mount> mounts = roots.prepare("bench-" + i, first);
        Mounts.mount(mounts, target);
        long took = System.nanoTime() - t3;
        sum += took;
        best = Math.min(best, took);
        Mounts.unmount(target);
        roots.remove("bench-" + i);
      }
      long prepOnly = 0;
      for (int i = 0; i < n; i++) {
        long t4 = System.nanoTime();
        roots.prepare("prep-" + i, first);
        prepOnly += System.nanoTime() - t4;
        roots.remove("prep-" + i);
      }
      System.out.printf(Locale.ROOT, "overlay writable root ready (prepare + mount via mount(8)): mean %.2f ms, best %.2f ms; prepare alone %.3f ms%n",
          sum / 1e6 / n, best / 1e6, prepOnly / 1e6 / n);
    } finally {
      deleteTree(work);
    }
  }

  private static String findLayoutDir(Path work) throws Exception {
    try (var s = Files.list(work)) {
      return s.filter(p -> p.getFileName().toString().startsWith("layout")).findFirst().orElseThrow().getFileName().toString();
    }
  }

  /** Resolve and fetch every blob with 3 concurrent downloads into a content store, no unpacking: what skopeo does. */
  private static double fetchOnly(Path dir, String ref) throws Exception {
    HttpRegistryClient client = new HttpRegistryClient(new RegistryHosts(RegistriesConfig.EMPTY), RegistryClientConfig.DEFAULT);
    LocalContentStore content = new LocalContentStore(dir);
    long t = System.nanoTime();
    Resolution r = client.resolve(ImageRef.parse(ref), PullCredentials.NONE);
    var manifest = OciJson.manifest(client.fetchManifest(r, r.descriptor()));
    List<Descriptor> blobs = new ArrayList<>(manifest.layers());
    blobs.add(manifest.config());
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(3);
      List<Future<?>> fs = new ArrayList<>();
      for (Descriptor d : blobs) {
        fs.add(exec.submit(() -> {
          permits.acquire();
          try {
            return client.fetchBlob(r, d, content, x -> {});
          } finally {
            permits.release();
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    double secs = (System.nanoTime() - t) / 1e9;
    deleteTree(dir);
    return secs;
  }

  private static void deleteTree(Path p) {
    OverlaySnapshotter.deleteTree(p);
  }
}

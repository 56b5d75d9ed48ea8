package io.skiff.store.sqlite;

import io.skiff.store.ListResult;
import io.skiff.store.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A small benchmark of {@link SqliteStore}, run by hand (not a test): creates per second from 1 and from 8
 * concurrent virtual-thread writers (1,000 creates per run), and the latency of listing 10,000 keys at once and in
 * pages of 500 (20 lists each; with 20 samples p99 is the slowest).
 * Give a directory as the first argument to measure on another disk; the default is a fresh temporary directory.
 */
final class SqliteStoreBench {
  private static final int CREATES_PER_RUN = 1_000;
  private static final int LIST_KEYS = 10_000;
  private static final int LISTS = 20;
  private static final int PAGE = 500;

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("skiff-bench");
    try (SqliteStore store = SqliteStore.open(dir.resolve("bench.db"))) {
      System.out.printf("SqliteStore benchmark in %s (%d cores, Java %s)%n", dir,
          Runtime.getRuntime().availableProcessors(), Runtime.version());
      createRun(store, "warm-up", 8);
      for (int writers : new int[] {1, 8}) {
        double perSecond = createRun(store, "w" + writers, writers);
        System.out.printf("creates/s with %d writer(s): %.0f (%d creates)%n", writers, perSecond, CREATES_PER_RUN);
      }
      fill(store, "list/", LIST_KEYS);
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < LISTS; i++) {
        long start = System.nanoTime();
        ListResult result = store.list("/bench/list/", 0, 0, null);
        millis.add((System.nanoTime() - start) / 1e6);
        if (result.items().size() != LIST_KEYS) {
          throw new IllegalStateException("listed " + result.items().size() + " keys, expected " + LIST_KEYS);
        }
      }
      report("list of " + LIST_KEYS + " keys", millis);
      millis.clear();
      for (int i = 0; i < LISTS; i++) {
        long start = System.nanoTime();
        int listed = listInPages(store, "/bench/list/", PAGE);
        millis.add((System.nanoTime() - start) / 1e6);
        if (listed != LIST_KEYS) {
          throw new IllegalStateException("listed " + listed + " keys in pages, expected " + LIST_KEYS);
        }
      }
      report("list of " + LIST_KEYS + " keys in pages of " + PAGE, millis);
    } finally {
      if (args.length == 0) {
        deleteTree(dir);
      }
    }
  }

  /** Creates {@link #CREATES_PER_RUN} keys split over {@code writers} virtual threads; returns creates per second. */
  private static double createRun(SqliteStore store, String run, int writers) throws Exception {
    long start = System.nanoTime();
    createConcurrently(store, run + "/", CREATES_PER_RUN, writers);
    return CREATES_PER_RUN / ((System.nanoTime() - start) / 1e9);
  }

  private static void fill(SqliteStore store, String run, int keys) throws Exception {
    createConcurrently(store, run, keys, 16);
  }

  private static void createConcurrently(SqliteStore store, String run, int total, int writers) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = writer; i < total; i += writers) {
            String key = String.format("/bench/%s%06d", run, i);
            if (!(store.create(key, new byte[512]) instanceof WriteResult.Ok)) {
              throw new IllegalStateException("create of " + key + " conflicted");
            }
          }
          return null;
        }));
      }
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  /** Lists every key under {@code prefix} page by page at the first page's revision; returns how many. */
  private static int listInPages(SqliteStore store, String prefix, int page) {
    ListResult result = store.list(prefix, 0, page, null);
    int listed = result.items().size();
    while (result.more()) {
      result = store.list(prefix, result.revision(), page, result.items().getLast().key());
      listed += result.items().size();
    }
    return listed;
  }

  private static void report(String what, List<Double> millis) {
    millis.sort(Comparator.naturalOrder());
    System.out.printf("%s over %d runs: p50 %.1f ms, p99 %.1f ms%n", what, millis.size(), percentile(millis, 50),
        percentile(millis, 99));
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}

package io.skiff.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of one process from {@code /proc}, in total and by thread kind (JIT compilers, garbage collector, the rest),
 * so that a benchmark can report CPU per operation, which holds better than wall time on a shared machine.
 */
final class ProcessCpu {
  private static final double TICK_MS = 10.0;

  private ProcessCpu() {}

  /** Milliseconds of CPU (user + system) used so far by the process's threads, by kind ({@code jit}, {@code gc}, {@code other}). */
  static Map<String, Double> byKind(long pid) throws IOException {
    Map<String, Double> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
          out.merge(kind(comm), ms, Double::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }

  private static String kind(String comm) {
    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (comm.startsWith("GC") || comm.startsWith("G1") || comm.startsWith("VM Thread")) {
      return "gc";
    }
    return "other";
  }

  /** What the process used between two readings, per operation, as {@code total X ms (jit Y, gc Z, other W)}. */
  static String perOperation(Map<String, Double> before, Map<String, Double> after, int operations) {
    StringBuilder b = new StringBuilder();
    double total = 0;
    for (String k : after.keySet()) {
      double d = (after.get(k) - before.getOrDefault(k, 0.0)) / operations;
      total += d;
      b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format(java.util.Locale.ROOT, "%.1f", d));
    }
    return String.format(java.util.Locale.ROOT, "%.1f ms (%s)", total, b);
  }
}

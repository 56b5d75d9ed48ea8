package io.skiff.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts for create → Running with the node agent's DEBUG trace ({@code Pod startup steps pod="ns/name" start=<instant>
 * step(detail)=+ms …}, logged by its PodStartupTracker): for the bench's pods, each step's time after the bench sent the
 * create request, as the median over the pods, next to when the bench's own watch saw the pod Running. Wall clocks of
 * the two processes are the same machine's.
 */
final class StartupSteps {
  private static final Pattern LINE = Pattern.compile("Pod startup steps pod=\"[^/\"]+/([^\"]+)\" start=(\\S+) (.*)$");
  private static final Pattern STEP = Pattern.compile("(\\S+?)=\\+([0-9.]+)ms");

  private StartupSteps() {}

  static void print(Path agentLog, Map<String, Instant> created, Map<String, Instant> running, PrintStream out) throws IOException {
    Map<String, List<Double>> byStep = new LinkedHashMap<>();
    List<Double> watch = new ArrayList<>();
    int pods = 0;
    for (String line : Files.readAllLines(agentLog)) {
      Matcher m = LINE.matcher(line);
      if (!m.find() || !created.containsKey(m.group(1))) {
        continue;
      }
      pods++;
      Instant create = created.get(m.group(1));
      double startMs = Duration.between(create, Instant.parse(m.group(2))).toNanos() / 1e6;
      Map<String, Integer> seen = new HashMap<>();
      Matcher s = STEP.matcher(m.group(3));
      while (s.find()) {
        int n = seen.merge(s.group(1), 1, Integer::sum);
        String key = n == 1 ? s.group(1) : s.group(1) + "#" + n;
        byStep.computeIfAbsent(key, k -> new ArrayList<>()).add(startMs + Double.parseDouble(s.group(2)));
      }
      Instant r = running.get(m.group(1));
      if (r != null) {
        watch.add(Duration.between(create, r).toNanos() / 1e6);
      }
    }
    if (pods == 0) {
      out.println("  (no startup trace in " + agentLog + ": run skiff with -Dorg.slf4j.simpleLogger.log.io.skiff.kubelet.startup=debug)");
      return;
    }
    out.printf("  the agent's trace over %d pods, median ms after the create request (a step's #n is its n-th time):%n", pods);
    List<Map.Entry<String, Double>> rows = new ArrayList<>();
    byStep.forEach((k, v) -> rows.add(Map.entry(k, median(v))));
    if (!watch.isEmpty()) {
      rows.add(Map.entry("bench watch saw Running", median(watch)));
    }
    rows.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Double> e : rows) {
      out.printf(Locale.ROOT, "    %7.1f  %s (%d)%n", e.getValue(), e.getKey(), e.getKey().equals("bench watch saw Running") ? watch.size() : byStep.get(e.getKey()).size());
    }
  }

  private static double median(List<Double> v) {
    List<Double> sorted = new ArrayList<>(v);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}

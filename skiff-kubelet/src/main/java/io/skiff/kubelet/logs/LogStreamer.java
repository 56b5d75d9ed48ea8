package io.skiff.kubelet.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Writes a CRI log file as {@code kubectl logs} shows it: the content of each entry (partial entries without their
 * newline, so they join up), optionally prefixed by its timestamp; filtered by time, cut to the last lines and to a
 * byte limit; with {@code follow}, new entries as they are written, until the container is no longer running.
 */
public final class LogStreamer {
  private static final long FOLLOW_POLL_MS = 250;

  private LogStreamer() {}

  public static void stream(Path file, LogOptions options, BooleanSupplier running, OutputStream out) throws IOException {
    Budget budget = new Budget(options.limitBytes());
    long offset;
    List<CriLogEntry> entries = new ArrayList<>();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      byte[] all = new byte[(int) raf.length()];
      raf.readFully(all);
      int end = lastNewline(all);
      offset = end;
      for (String line : new String(all, 0, end, StandardCharsets.UTF_8).split("\n")) {
        CriLogEntry.parse(line).ifPresent(entries::add);
      }
    }
    List<CriLogEntry> selected = entries.stream().filter(e -> options.since() == null || !e.time().isBefore(options.since())).toList();
    if (options.tailLines() != null) {
      selected = tail(selected, options.tailLines());
    }
    for (CriLogEntry e : selected) {
      if (!write(e, options, out, budget)) {
        out.flush();
        return;
      }
    }
    out.flush();
    if (!options.follow()) {
      return;
    }
    follow(file, offset, options, running, out, budget);
  }

  private static void follow(Path file, long offset, LogOptions options, BooleanSupplier running, OutputStream out, Budget budget) throws IOException {
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      file.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
      long pos = offset;
      while (true) {
        boolean alive = running.getAsBoolean();
        long size = Files.size(file);
        if (size > pos) {
          byte[] chunk;
          try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(pos);
            chunk = new byte[(int) (size - pos)];
            raf.readFully(chunk);
          }
          int end = lastNewline(chunk);
          pos += end;
          for (String line : new String(chunk, 0, end, StandardCharsets.UTF_8).split("\n")) {
            var entry = CriLogEntry.parse(line);
            if (entry.isPresent() && (options.since() == null || !entry.get().time().isBefore(options.since()))) {
              if (!write(entry.get(), options, out, budget)) {
                out.flush();
                return;
              }
            }
          }
          out.flush();
          continue;
        }
        if (!alive) {
          return;
        }
        try {
          var key = watch.poll(FOLLOW_POLL_MS, TimeUnit.MILLISECONDS);
          if (key != null) {
            key.pollEvents();
            key.reset();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ClosedWatchServiceException e) {
          return;
        }
      }
    }
  }

  /** The last {@code n} full lines (a line is one or more partial entries and the entry that ends it). */
  static List<CriLogEntry> tail(List<CriLogEntry> entries, int n) {
    int lines = 0;
    int start = entries.size();
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (!entries.get(i).partial()) {
        if (lines == n) {
          break;
        }
        lines++;
      }
      start = i;
    }
    return entries.subList(start, entries.size());
  }

  /** Writes one entry; false once the byte limit is reached. */
  private static boolean write(CriLogEntry e, LogOptions options, OutputStream out, Budget budget) throws IOException {
    StringBuilder b = new StringBuilder();
    if (options.timestamps()) {
      b.append(goRfc3339Nano(e.time())).append(' ');
    }
    b.append(e.content());
    if (!e.partial()) {
      b.append('\n');
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    return budget.write(bytes, out);
  }

  /** Go's RFC3339Nano: fractional seconds without trailing zeros. */
  static String goRfc3339Nano(Instant t) {
    String s = java.time.format.DateTimeFormatter.ISO_INSTANT.format(t);
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    String frac = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private static final class Budget {
    private long left;

    Budget(Long limit) {
      this.left = limit == null ? Long.MAX_VALUE : limit;
    }

    boolean write(byte[] bytes, OutputStream out) throws IOException {
      if (left <= 0) {
        return false;
      }
      int n = (int) Math.min(bytes.length, left);
      out.write(bytes, 0, n);
      left -= n;
      return left > 0;
    }
  }
}

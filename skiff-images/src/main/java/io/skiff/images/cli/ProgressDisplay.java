package io.skiff.images.cli;

import io.skiff.images.PullEvent;
import io.skiff.images.PullListener;
import io.skiff.images.oci.Digest;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shows a pull's progress. On a terminal: one line per layer (state, bytes of total, rate), redrawn in place at most
 * ten times a second with ANSI cursor movement. Otherwise: one plain line per step, no redrawing. A hand-written
 * display rather than a progress-bar library: the libraries draw one bar per thread with their own refresh threads
 * and terminal detection (jline); a multi-layer view is a few lines of ANSI.
 */
public final class ProgressDisplay implements PullListener {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Digest, Row> rows = new LinkedHashMap<>();
  private int drawnLines;
  private long lastDraw;

  private static final class Row {
    final long total;
    String state;
    long bytes;
    long started;

    Row(long total, String state) {
      this.total = total;
      this.state = state;
    }
  }

  public ProgressDisplay(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void on(PullEvent event) {
    lock.lock();
    try {
      switch (event) {
        case PullEvent.Resolved r -> line(r.ref() + ": resolved to " + r.target().digest());
        case PullEvent.LayerPlanned p -> {
          rows.put(p.layer().digest(), new Row(p.layer().size(), p.present() ? "already exists" : "waiting"));
          if (!terminal) {
            line(p.layer().digest().shortHex() + ": " + (p.present() ? "already exists" : "to download (" + human(p.layer().size()) + ")"));
          }
          redraw(true);
        }
        case PullEvent.LayerProgress p -> {
          Row row = rows.get(p.layer().digest());
          if (row != null) {
            if (row.started == 0) {
              row.started = System.nanoTime();
            }
            row.state = "downloading";
            row.bytes = p.bytes();
            redraw(false);
          }
        }
        case PullEvent.LayerDownloaded d -> {
          update(d.layer().digest(), "downloaded");
          if (!terminal) {
            line(d.layer().digest().shortHex() + ": downloaded");
          }
        }
        case PullEvent.LayerUnpacked u -> {
          update(u.layer().digest(), "unpacked");
          if (!terminal) {
            line(u.layer().digest().shortHex() + ": unpacked in " + u.took().toMillis() + "ms");
          }
        }
        case PullEvent.Completed c -> {
          redraw(true);
          line("pulled " + c.image().name() + " (" + human(c.image().size()) + ", " + human(c.downloaded()) + " downloaded) in "
              + c.took().toMillis() + "ms");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void update(Digest d, String state) {
    Row row = rows.get(d);
    if (row != null) {
      row.state = state;
      row.bytes = row.total;
      redraw(true);
    }
  }

  private void line(String text) {
    if (terminal && drawnLines > 0) {
      out.print("\033[" + drawnLines + "A\033[J");
      drawnLines = 0;
      out.println(text);
      redraw(true);
      return;
    }
    out.println(text);
  }

  private void redraw(boolean force) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    StringBuilder b = new StringBuilder();
    if (drawnLines > 0) {
      b.append("\033[").append(drawnLines).append('A');
    }
    for (Map.Entry<Digest, Row> e : rows.entrySet()) {
      Row r = e.getValue();
      b.append("\033[2K").append(e.getKey().shortHex()).append(": ").append(String.format(Locale.ROOT, "%-15s", r.state));
      if (r.state.equals("downloading")) {
        double secs = Math.max(1e-3, (now - r.started) / 1e9);
        b.append(' ').append(bar(r.bytes, r.total)).append(' ').append(human(r.bytes)).append('/').append(human(r.total))
            .append("  ").append(human((long) (r.bytes / secs))).append("/s");
      }
      b.append('\n');
    }
    drawnLines = rows.size();
    out.print(b);
    out.flush();
  }

  private static String bar(long done, long total) {
    int width = 20;
    int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
    return "[" + "=".repeat(filled) + " ".repeat(width - filled) + "]";
  }

  /** Decimal units as {@code crictl images} prints them: {@code 2.35MB}. */
  public static String human(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = bytes;
    int i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return i == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.3g%s", v, units[i]);
  }
}

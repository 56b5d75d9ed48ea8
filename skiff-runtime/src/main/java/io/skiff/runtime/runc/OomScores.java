package io.skiff.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@code oom_score_adj} values this process may hand out. Lowering a score below one's own needs
 * {@code CAP_SYS_RESOURCE}; without it (some sandboxed hosts) a requested lower score would make runc fail, so
 * such requests are dropped and the process inherits its parent's score, with a warning.
 *
 * @param canLower whether this process has CAP_SYS_RESOURCE
 * @param own      this process's oom_score_adj
 */
record OomScores(boolean canLower, int own) {
  private static final Logger LOG = LoggerFactory.getLogger(OomScores.class);
  private static final int CAP_SYS_RESOURCE = 24;
  /** The score the kubelet gives pause processes. */
  static final int PAUSE = -998;

  static OomScores detect() {
    boolean canLower = false;
    int own = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          canLower = (caps & (1L << CAP_SYS_RESOURCE)) != 0;
        }
      }
      own = Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim());
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read this process's capabilities or oom_score_adj; assuming it may not lower scores", e);
    }
    return new OomScores(canLower, own);
  }

  Integer forPause() {
    return allowed(PAUSE) ? PAUSE : null;
  }

  Integer forContainer(Integer requested) {
    if (requested == null || allowed(requested)) {
      return requested;
    }
    LOG.warn("oom_score_adj {} requested but this process lacks CAP_SYS_RESOURCE; the container inherits {}", requested, own);
    return null;
  }

  private boolean allowed(int score) {
    return canLower || score >= own;
  }
}

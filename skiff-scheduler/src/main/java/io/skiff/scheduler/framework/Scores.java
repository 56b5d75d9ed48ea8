package io.skiff.scheduler.framework;

/** Kubernetes' {@code DefaultNormalizeScore}: scales scores so the highest becomes 100, optionally reversed. */
public final class Scores {
  private Scores() {}

  /**
   * Scales every score by {@code 100 / max}; with {@code reverse}, a score becomes {@code 100 - scaled}. When every
   * score is zero they stay zero, or all become 100 with {@code reverse}.
   */
  public static void normalize(long[] scores, boolean reverse) {
    long max = 0;
    for (long s : scores) {
      max = Math.max(max, s);
    }
    if (max == 0) {
      if (reverse) {
        java.util.Arrays.fill(scores, ScorePlugin.MAX_NODE_SCORE);
      }
      return;
    }
    for (int i = 0; i < scores.length; i++) {
      long scaled = ScorePlugin.MAX_NODE_SCORE * scores[i] / max;
      scores[i] = reverse ? ScorePlugin.MAX_NODE_SCORE - scaled : scaled;
    }
  }
}

package io.skiff.scheduler.plugins;

import io.skiff.scheduler.framework.Candidate;
import io.skiff.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Kubernetes' {@code pickOneNodeForPreemption}: among the candidates, each criterion in turn keeps the best ones and
 * the next breaks their ties: the fewest PodDisruptionBudget violations, the lowest priority of
 * the most important victim, the smallest sum of victim priorities (each shifted by 2^31 so that negative priorities
 * do not reward evicting more pods), the fewest victims, and the latest start among the most important victims (so
 * that long-running work survives). Remaining ties go to the first candidate found.
 */
final class CandidateRanking {
  private static final long PRIORITY_SHIFT = (long) Integer.MAX_VALUE + 1;

  private CandidateRanking() {}

  /** The candidate to preempt on; {@code now} stands for the start of victims that have not started. */
  static Candidate pick(List<Candidate> candidates, Instant now) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidates to pick from");
    }
    Comparator<Candidate> better = Comparator.<Candidate>comparingInt(Candidate::pdbViolations)
        .thenComparingInt(c -> c.victims().get(0).priority())
        .thenComparingLong(CandidateRanking::shiftedPrioritySum)
        .thenComparingInt(c -> c.victims().size())
        .thenComparing(c -> earliestStartOfMostImportant(c, now), Comparator.reverseOrder());
    Candidate best = candidates.get(0);
    for (Candidate c : candidates.subList(1, candidates.size())) {
      if (better.compare(c, best) < 0) {
        best = c;
      }
    }
    return best;
  }

  static long shiftedPrioritySum(Candidate c) {
    long sum = 0;
    for (PodInfo victim : c.victims()) {
      sum += victim.priority() + PRIORITY_SHIFT;
    }
    return sum;
  }

  /** Kubernetes' {@code GetEarliestPodStartTime}: the earliest start among the victims of the highest priority. */
  static Instant earliestStartOfMostImportant(Candidate c, Instant now) {
    int highest = c.victims().get(0).priority();
    Instant earliest = null;
    for (PodInfo victim : c.victims()) {
      if (victim.priority() == highest) {
        Instant start = Importance.startTime(victim, now);
        if (earliest == null || start.isBefore(earliest)) {
          earliest = start;
        }
      }
    }
    return earliest;
  }
}

package io.skiff.scheduler;

import io.skiff.scheduler.client.PodEventHandler;
import io.skiff.scheduler.queue.Backoff;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The scheduler's settings.
 *
 * @param schedulerName the {@code spec.schedulerName} this scheduler serves, and the component named in its events
 * @param instanceName the events' {@code reportingInstance}
 * @param backoff the retry backoff of a pod that failed (Kubernetes: 1 s doubling to 10 s)
 * @param maxUnschedulable how long an unschedulable pod waits for a cluster change before it is retried anyway
 * @param syncTimeout how long {@link Scheduler#start} waits for the first list of pods and nodes
 * @param clock the time source for backoff and timestamps
 * @param percentageOfNodesToScore Kubernetes' {@code percentageOfNodesToScore}: once this share of the nodes was found
 *     feasible for a pod (at least 100 nodes), the search stops and those are scored; 0 is Kubernetes' adaptive default
 *     ({@code 50 - nodes/125} percent, at least 5), 100 checks every node
 */
public record SchedulerConfig(String schedulerName, String instanceName, Backoff backoff, Duration maxUnschedulable,
                              Duration syncTimeout, InstantSource clock, int percentageOfNodesToScore) {
  public SchedulerConfig {
    Objects.requireNonNull(schedulerName, "schedulerName");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxUnschedulable, "maxUnschedulable");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    Objects.requireNonNull(clock, "clock");
    if (schedulerName.isBlank()) {
      throw new IllegalArgumentException("schedulerName must not be blank");
    }
    if (maxUnschedulable.isNegative() || maxUnschedulable.isZero() || syncTimeout.isNegative() || syncTimeout.isZero()) {
      throw new IllegalArgumentException("maxUnschedulable and syncTimeout must be positive");
    }
    if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
      throw new IllegalArgumentException("percentageOfNodesToScore: Invalid value: " + percentageOfNodesToScore
          + ": not in valid range [0-100]");
    }
  }

  /** Settings with Kubernetes' adaptive {@code percentageOfNodesToScore}. */
  public SchedulerConfig(String schedulerName, String instanceName, Backoff backoff, Duration maxUnschedulable, Duration syncTimeout,
                         InstantSource clock) {
    this(schedulerName, instanceName, backoff, maxUnschedulable, syncTimeout, clock, 0);
  }

  /** The same settings with another {@code percentageOfNodesToScore} (0: adaptive). */
  public SchedulerConfig withPercentageOfNodesToScore(int percentage) {
    return new SchedulerConfig(schedulerName, instanceName, backoff, maxUnschedulable, syncTimeout, clock, percentage);
  }

  /**
   * Kubernetes' defaults: {@code default-scheduler}, backoff 1 s to 10 s, unschedulable pods retried after 5 min, the
   * adaptive share of nodes to score.
   */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(PodEventHandler.DEFAULT_SCHEDULER, PodEventHandler.DEFAULT_SCHEDULER + "-" + hostname(),
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)), Duration.ofMinutes(5), Duration.ofSeconds(30),
        InstantSource.system());
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}

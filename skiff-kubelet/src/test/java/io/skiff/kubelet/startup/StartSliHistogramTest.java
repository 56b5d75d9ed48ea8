package io.skiff.kubelet.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartSliHistogramTest {
  @Test
  void durationsFallInTheFirstBucketWhoseBoundTheyDoNotExceed() {
    StartSliHistogram h = new StartSliHistogram();
    h.observe(0.12);
    h.observe(0.5);
    h.observe(0.51);
    h.observe(7.0);
    h.observe(4000);
    long[] c = h.snapshot().counts();
    assertThat(c[0]).isEqualTo(2);
    assertThat(c[1]).isEqualTo(1);
    assertThat(c[StartSliHistogram.BOUNDS.indexOf(8.0)]).isEqualTo(1);
    assertThat(c[StartSliHistogram.BOUNDS.size()]).isEqualTo(1);
    assertThat(h.snapshot().total()).isEqualTo(5);
    assertThat(h.snapshot().sumSeconds()).isEqualTo(0.12 + 0.5 + 0.51 + 7.0 + 4000);
  }

  @Test
  void theExpositionHasCumulativeBucketsSumAndCountUnderTheKubeletsName() {
    StartSliHistogram h = new StartSliHistogram();
    h.observe(0.25);
    h.observe(1.5);
    String text = h.snapshot().exposition();
    assertThat(text).contains("# TYPE kubelet_pod_start_sli_duration_seconds histogram\n")
        .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"0.5\"} 1\n")
        .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"1\"} 1\n")
        .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"2\"} 2\n")
        .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"3600\"} 2\n")
        .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"+Inf\"} 2\n")
        .contains("kubelet_pod_start_sli_duration_seconds_sum 1.75\n")
        .endsWith("kubelet_pod_start_sli_duration_seconds_count 2\n");
  }
}

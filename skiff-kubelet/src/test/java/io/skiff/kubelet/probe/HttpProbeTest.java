package io.skiff.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How an HTTP answer becomes a probe outcome (the kubelet's DoHTTPProbe). */
class HttpProbeTest {
  record Row(HttpGetClient.Result answer, ProbeOutcome expected) {}

  static List<Row> rows() {
    return List.of(
        new Row(new HttpGetClient.Answered(200, "fine"), new ProbeOutcome.Success("fine")),
        new Row(new HttpGetClient.Answered(299, ""), new ProbeOutcome.Success("")),
        new Row(new HttpGetClient.Answered(302, "moved"), new ProbeOutcome.Warning("Probe terminated redirects, Response body: moved")),
        new Row(new HttpGetClient.Answered(404, "secret"), new ProbeOutcome.Failure("HTTP probe failed with statuscode: 404")),
        new Row(new HttpGetClient.Answered(500, ""), new ProbeOutcome.Failure("HTTP probe failed with statuscode: 500")),
        new Row(new HttpGetClient.Answered(199, ""), new ProbeOutcome.Failure("HTTP probe failed with statuscode: 199")),
        new Row(new HttpGetClient.Failed("Get \"http://x:1/\": EOF", false), new ProbeOutcome.Failure("Get \"http://x:1/\": EOF")));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void anAnswerBecomesTheKubeletsOutcome(Row row) {
    assertThat(HttpProbe.outcome(row.answer())).isEqualTo(row.expected());
  }
}

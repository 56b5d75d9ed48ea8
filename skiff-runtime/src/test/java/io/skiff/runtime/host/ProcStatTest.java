package io.skiff.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void parsesFieldsAfterACommandNameWithSpacesAndParentheses() {
    String stat = "4242 (we (ird) name) Z 1 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615 0 0";
    assertThat(ProcStat.parse(4242, stat)).isEqualTo(new ProcStat(4242, 'Z', 1, 987654));
    assertThat(ProcStat.parse(4242, stat).running()).isFalse();
  }

  @Test
  void findsThisProcessAndTellsItFromAReusedPid() {
    long self = ProcessHandle.current().pid();
    ProcStat me = ProcStat.read(self).orElseThrow();
    assertThat(me.running()).isTrue();
    assertThat(ProcStat.isRunning(self, me.startTicks())).isTrue();
    assertThat(ProcStat.isRunning(self, me.startTicks() + 1)).isFalse();
    assertThat(ProcStat.read(0)).isEmpty();
  }
}

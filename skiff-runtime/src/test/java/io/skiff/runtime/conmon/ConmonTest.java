package io.skiff.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@link Conmon} with a stand-in script that behaves like conmon: it exits at once and reports later from a background process. */
class ConmonTest {
  @TempDir
  Path tmp;

  private Conmon conmon(String body) throws Exception {
    Path script = tmp.resolve("fake-conmon");
    Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > args.txt\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new Conmon(new Conmon.Settings(script, Path.of("/usr/sbin/runc"), tmp.resolve("oci"), tmp.resolve("exits"), tmp.resolve("attach"),
        Duration.ofSeconds(5)));
  }

  private Path bundle() throws Exception {
    return Files.createDirectories(tmp.resolve("bundle"));
  }

  @Test
  void returnsThePidTheDaemonReportsAfterItsParentExited() throws Exception {
    Conmon c = conmon("( sleep 0.3; printf '{\"data\": 4242}\\n' >&3 ) &\nexit 0");
    Path bundle = bundle();
    assertThat(c.launch(new ConmonLaunch("abc", bundle, tmp.resolve("logs/c.log"), false, true, false))).isEqualTo(4242);
    assertThat(tmp.resolve("logs")).isDirectory();
    assertThat(Files.readAllLines(bundle.resolve("args.txt"))).containsSubsequence("--api-version", "-c", "abc", "-u", "abc")
        .containsSubsequence("-b", bundle.toString()).containsSubsequence("-l", "k8s-file:" + tmp.resolve("logs/c.log"))
        .containsSubsequence("--exit-dir", tmp.resolve("exits").toString()).containsSubsequence("--runtime-arg", "--root", "--runtime-arg",
            tmp.resolve("oci").toString()).contains("-i", "--leave-stdin-open").doesNotContain("-t");
  }

  @Test
  void stdinOnceClosesTheStdinAfterTheFirstAttachment() throws Exception {
    Conmon c = conmon("printf '{\"data\": 7}\\n' >&3");
    Path bundle = bundle();
    c.launch(new ConmonLaunch("once", bundle, null, false, true, true));
    assertThat(Files.readAllLines(bundle.resolve("args.txt"))).contains("-i").doesNotContain("--leave-stdin-open", "-t");
  }

  @Test
  void aTerminalIsTheStdinSoOnlyTheTerminalIsAsked() throws Exception {
    Conmon c = conmon("printf '{\"data\": 7}\\n' >&3");
    Path bundle = bundle();
    c.launch(new ConmonLaunch("tty", bundle, null, true, true, true));
    assertThat(Files.readAllLines(bundle.resolve("args.txt"))).contains("-t").doesNotContain("-i", "--leave-stdin-open");
  }

  @Test
  void thePauseGetsNoLog() throws Exception {
    Conmon c = conmon("printf '{\"data\": 7}\\n' >&3");
    Path bundle = bundle();
    c.launch(new ConmonLaunch("p", bundle, null, false, false, false));
    assertThat(Files.readAllLines(bundle.resolve("args.txt"))).containsSubsequence("-l", "none");
  }

  @Test
  void aFailedCreateCarriesTheRuntimesMessage() throws Exception {
    Conmon c = conmon("( printf '{\"data\": -1, \"message\": \"exec: no such file\"}\\n' >&3 ) &");
    assertThatThrownBy(() -> c.launch(new ConmonLaunch("x", bundle(), null, false, false, false)))
        .isInstanceOf(SkiffException.Internal.class).hasMessageContaining("exec: no such file");
  }

  @Test
  void aDaemonThatDiesSilentlyIsReportedWithWhatConmonPrinted() throws Exception {
    Conmon c = conmon("echo 'Failed to open log file' >&2; exit 1");
    assertThatThrownBy(() -> c.launch(new ConmonLaunch("x", bundle(), null, false, false, false)))
        .isInstanceOf(SkiffException.Internal.class).hasMessageContaining("Failed to open log file");
  }

  @Test
  void aDaemonThatNeverReportsTimesOut() throws Exception {
    Path script = tmp.resolve("slow");
    Conmon c = new Conmon(new Conmon.Settings(script, Path.of("/usr/sbin/runc"), tmp, tmp, tmp, Duration.ofMillis(300)));
    Files.writeString(script, "#!/bin/sh\nexec sleep 5\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> c.launch(new ConmonLaunch("x", bundle(), null, false, false, false))).isInstanceOf(SkiffException.Timeout.class);
  }
}

package io.skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.store.KeyValue;
import io.skiff.store.WriteResult;
import io.skiff.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process that is writing with SIGKILL and checks that nothing it acknowledged is lost. */
class SqliteStoreCrashIT {

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedCreateSurvivesAKill9AndRevisionsKeepIncreasing() throws Exception {
    Path file = dir.resolve("crash/store.db");
    Path childErr = dir.resolve("child.err");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashTestWriter.class.getName(), file.toString())
        .redirectError(childErr.toFile())
        .start();
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    Thread reader = Thread.ofVirtual().start(() -> readAcks(child, acknowledged));
    try {
      Await.until("300 acknowledged creates", Duration.ofSeconds(90),
          () -> acknowledged.size() + " acks, child alive: " + child.isAlive() + ", stderr: " + read(childErr),
          seen -> acknowledged.size() >= 300 || !child.isAlive());
      assertThat(child.isAlive()).as("the child is still writing; stderr: %s", read(childErr)).isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(Duration.ofSeconds(30));
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

    long newestAcknowledged = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    try (SqliteStore store = SqliteStore.open(file)) {
      for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
        assertThat(store.get(ack.getKey())).as(ack.getKey()).map(KeyValue::modRevision).contains(ack.getValue());
      }
      assertThat(store.currentRevision()).isGreaterThanOrEqualTo(newestAcknowledged);
      WriteResult after = store.create("/crash/after-restart", new byte[] {1});
      assertThat(after).isInstanceOfSatisfying(WriteResult.Ok.class,
          ok -> assertThat(ok.kv().modRevision()).isGreaterThan(newestAcknowledged));
      assertThat(store.count("/crash/")).isGreaterThan(acknowledged.size());
    }
  }

  private static void readAcks(Process child, Map<String, Long> acknowledged) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ACK") && parts[2].matches("\\d+")) {
          acknowledged.put(parts[1], Long.parseLong(parts[2]));
        }
      }
    } catch (IOException e) {
      // The pipe closes when the child is killed; every complete line before that was read.
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}

package io.skiff.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skiff.common.SkiffException;
import io.skiff.store.KeyValue;
import io.skiff.store.Watch;
import io.skiff.store.WatchEvent;
import io.skiff.store.WriteResult;
import io.skiff.store.etcd.testing.EtcdProcess;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * etcd going away and coming back: every call fails with a store error instead of hanging, calls work again once
 * etcd is back, and a watch resumes from the last revision it delivered without a gap or a duplicate.
 */
@RequiresRoot
@Tag("etcd")
class EtcdFaultsIT {
  /** Far above the request timeout (2 s here): only a hang, never a slow answer, can exceed it. */
  private static final Duration HANG = Duration.ofSeconds(20);

  /** Long enough for jetcd to fail several reconnects. */
  private static final Duration OUTAGE = Duration.ofSeconds(4);

  private EtcdProcess etcd;
  private EtcdStore store;

  @BeforeEach
  void start() {
    etcd = EtcdProcess.start();
    store = EtcdStore.connect(EtcdStoreConfig.parse(etcd.endpoint(), Optional.empty()).withRequestTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void connectingToAnEndpointWithoutEtcdFailsNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    assertTimeoutPreemptively(HANG, () ->
        assertThatThrownBy(() -> EtcdStore.connect(EtcdStoreConfig.parse(endpoint, Optional.empty()).withRequestTimeout(Duration.ofSeconds(2))))
            .isInstanceOf(SkiffException.Unavailable.class)
            .hasMessageContaining(endpoint));
  }

  @Test
  void everyCallFailsWithAStoreErrorWhileEtcdIsDownAndWorksAgainAfter() {
    KeyValue a = ((WriteResult.Ok) store.create("/f/a", bytes("1"))).kv();
    etcd.kill();
    List<Runnable> calls = List.of(
        () -> store.create("/f/b", bytes("1")),
        () -> store.update("/f/a", bytes("2"), a.modRevision()),
        () -> store.delete("/f/a", 0),
        () -> store.get("/f/a"),
        () -> store.list("/f/", 0, 0, null),
        () -> store.count("/f/"),
        store::currentRevision,
        () -> store.watch("/f/", a.modRevision()));
    for (Runnable call : calls) {
      assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(call::run)
          .isInstanceOfAny(SkiffException.Unavailable.class, SkiffException.Timeout.class)
          .hasMessageContaining(etcd.endpoint()));
    }
    etcd.restart();
    Await.until("a create to work again", Duration.ofSeconds(30), () -> store.create("/f/after", bytes("1")) instanceof WriteResult.Ok);
    assertThat(store.get("/f/a").map(kv -> new String(kv.value(), StandardCharsets.UTF_8))).contains("1");
  }

  @Test
  void aValueOverEtcdsRequestLimitIsTooLargeAndNotStored() {
    byte[] big = new byte[1800 * 1024]; // over etcd's 1.5 MiB --max-request-bytes, under gRPC's 2 MiB message limit
    assertThatThrownBy(() -> store.create("/f/big", big)).isInstanceOf(SkiffException.TooLarge.class).hasMessageContaining("too large");
    assertThat(store.get("/f/big")).isEmpty();
  }

  @Test
  void aWatchResumesFromItsLastRevisionWhenEtcdComesBack() throws Exception {
    try (Watch watch = store.watch("/w/", store.currentRevision())) {
      KeyValue before = ((WriteResult.Ok) store.create("/w/before", bytes("1"))).kv();
      assertThat(watch.poll(Duration.ofSeconds(10))).map(WatchEvent::revision).contains(before.modRevision());
      etcd.kill();
      Thread.sleep(OUTAGE); // the outage itself, not a wait for a condition
      etcd.restart();
      List<Long> written = new ArrayList<>();
      Await.until("a create to work again", Duration.ofSeconds(30), () -> {
        if (store.create("/w/after", bytes("1")) instanceof WriteResult.Ok ok) {
          written.add(ok.kv().modRevision());
          return true;
        }
        return false;
      });
      KeyValue updated = ((WriteResult.Ok) store.update("/w/before", bytes("2"), before.modRevision())).kv();
      written.add(updated.modRevision());
      List<Long> seen = new ArrayList<>();
      while (seen.size() < written.size()) {
        Optional<WatchEvent> next = watch.poll(Duration.ofSeconds(20));
        assertThat(next).as("events after the restart; seen so far %s (closed: %s)", seen, watch.isClosed()).isPresent();
        seen.add(next.get().revision());
      }
      assertThat(seen).containsExactlyElementsOf(written);
      assertThat(watch.isClosed()).isFalse();
    }
  }
}

package io.skiff.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import io.skiff.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCacheTest {
  private MemoryStore store;
  private WatchCaches caches;
  private ResourceStore configMaps;

  @BeforeEach
  void start() {
    store = new MemoryStore();
    ObjectCodec codec = new ObjectCodec(new ObjectMapper());
    List<WatchCache> list = new ArrayList<>();
    WatchCache cmCache = new WatchCache(ResourceTypes.CONFIGMAPS, codec);
    WatchCache podCache = new WatchCache(ResourceTypes.PODS, codec);
    list.add(cmCache);
    list.add(podCache);
    caches = new WatchCaches(store, list);
    configMaps = new ResourceStore(ResourceTypes.CONFIGMAPS, store, codec, cmCache);
    caches.start();
  }

  @AfterEach
  void stop() {
    caches.close();
    store.close();
  }

  private static ConfigMap cm(String name, Map<String, String> labels) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(labels).endMetadata().build();
  }

  @Test
  void findReturnsTheCachedObjectOnceTheCacheHasSeenItsWrite() {
    HasMetadata created = configMaps.create(cm("one", Map.of()));
    configMaps.cache().awaitRevision(Long.parseLong(created.getMetadata().getResourceVersion()), Duration.ofSeconds(5));
    assertThat(configMaps.cache().find("/registry/configmaps/default/one")).map(o -> o.getMetadata().getName()).contains("one");
    assertThat(configMaps.cache().find("/registry/configmaps/default/other")).isEmpty();
  }

  @Test
  void consistentSnapshotSeesEveryAcknowledgedWrite() {
    for (int i = 0; i < 50; i++) {
      configMaps.create(cm("c" + i, Map.of()));
    }
    assertThat(configMaps.consistentSnapshot("/registry/configmaps/default/").items()).hasSize(50);
  }

  @Test
  void resourceVersionIsTheStoreRevision() {
    HasMetadata created = configMaps.create(cm("a", Map.of()));
    assertThat(created.getMetadata().getResourceVersion()).isEqualTo(Long.toString(store.currentRevision()));
  }

  @Test
  void watchFromAnOlderRevisionReplaysTheChangesSinceThen() throws Exception {
    HasMetadata first = configMaps.create(cm("a", Map.of()));
    configMaps.create(cm("b", Map.of()));
    configMaps.delete("default", "a", 0);
    configMaps.consistentSnapshot("/registry/configmaps/");
    CacheWatcher w = configMaps.cache().watch(Long.parseLong(first.getMetadata().getResourceVersion()), false, o -> true);
    List<String> seen = new ArrayList<>();
    Optional<WatchCache.Event> e;
    while ((e = w.next(Duration.ofMillis(200))).isPresent()) {
      seen.add(e.get().type() + " " + e.get().object().getMetadata().getName());
    }
    assertThat(seen).containsExactly("ADDED b", "DELETED a");
  }

  @Test
  void pollHandsOverTheEventsReadyNowThroughTheFilterWithoutWaiting() throws Exception {
    HasMetadata first = configMaps.create(cm("a", Map.of("tier", "web")));
    configMaps.create(cm("b", Map.of("tier", "db")));
    configMaps.create(cm("c", Map.of("tier", "web")));
    configMaps.consistentSnapshot("/registry/configmaps/");
    CacheWatcher w = configMaps.cache().watch(Long.parseLong(first.getMetadata().getResourceVersion()) - 1, false,
        o -> "web".equals(o.getMetadata().getLabels().get("tier")));
    assertThat(w.poll()).map(e -> e.object().getMetadata().getName()).contains("a");
    assertThat(w.poll()).map(e -> e.object().getMetadata().getName()).contains("c");
    assertThat(w.poll()).isEmpty();
    configMaps.create(cm("d", Map.of("tier", "web")));
    assertThat(w.next(Duration.ofSeconds(5))).map(e -> e.object().getMetadata().getName()).contains("d");
    assertThat(w.poll()).isEmpty();
  }

  @Test
  void anUpdateHandedOverIsTheObjectTheCacheAndItsWatchersSee() throws Exception {
    configMaps.create(cm("h", Map.of()));
    configMaps.consistentSnapshot("/registry/configmaps/");
    CacheWatcher w = configMaps.cache().watch(configMaps.cache().revision(), false, o -> true);
    HasMetadata[] handed = new HasMetadata[1];
    configMaps.guaranteedUpdateAndHandOver("default", "h", o -> {
      ((ConfigMap) o).setData(Map.of("k", "v"));
      handed[0] = o;
      return o;
    });

    WatchCache.Event event = w.next(Duration.ofSeconds(5)).orElseThrow();

    assertThat(event.type()).isEqualTo(WatchCache.Event.Type.MODIFIED);
    assertThat(event.object()).isSameAs(handed[0]);
    assertThat(event.object().getMetadata().getResourceVersion()).isEqualTo(Long.toString(store.currentRevision()));
    assertThat(configMaps.cache().find("/registry/configmaps/default/h")).containsSame(handed[0]);
    assertThat(new String(event.encoded().json())).contains("\"k\":\"v\"");
  }

  @Test
  void aHandOverWhoseBytesWereNotWrittenIsNotTaken() {
    configMaps.create(cm("other", Map.of()));
    configMaps.consistentSnapshot("/registry/configmaps/");
    ConfigMap stale = cm("other", Map.of("stale", "yes"));
    configMaps.cache().handOver(new WatchCache.HandOver("/registry/configmaps/default/other", new byte[] {'{', '}'}, stale));

    HasMetadata next = configMaps.guaranteedUpdate("default", "other", null, o -> {
      ((ConfigMap) o).setData(Map.of("k", "v"));
      return o;
    });
    configMaps.cache().awaitRevision(Long.parseLong(next.getMetadata().getResourceVersion()), Duration.ofSeconds(5));

    HasMetadata cached = configMaps.cache().find("/registry/configmaps/default/other").orElseThrow();
    assertThat(cached).isNotSameAs(stale);
    assertThat(((ConfigMap) cached).getData()).containsEntry("k", "v");
    assertThat(cached.getMetadata().getLabels()).doesNotContainKey("stale");
  }

  @Test
  void watchFromBeforeTheCacheStartedIsGone() {
    assertThatThrownBy(() -> configMaps.cache().watch(-1, false, o -> true)).isInstanceOf(CompactedException.class);
  }

  @Test
  void objectLeavingTheSelectorIsReportedDeleted() throws Exception {
    configMaps.create(cm("x", Map.of("tier", "web")));
    configMaps.consistentSnapshot("/registry/configmaps/");
    CacheWatcher w = configMaps.cache().watch(configMaps.cache().revision(), false,
        o -> "web".equals(o.getMetadata().getLabels().get("tier")));
    configMaps.guaranteedUpdate("default", "x", null, o -> {
      o.getMetadata().setLabels(Map.of("tier", "db"));
      return o;
    });
    WatchCache.Event event = w.next(Duration.ofSeconds(5)).orElseThrow();
    assertThat(event.type()).isEqualTo(WatchCache.Event.Type.DELETED);
    assertThat(event.object().getMetadata().getName()).isEqualTo("x");
  }

  @Test
  void initialStateIsDeliveredAsAddedThenChangesFollow() throws Exception {
    configMaps.create(cm("one", Map.of()));
    configMaps.consistentSnapshot("/registry/configmaps/");
    CacheWatcher w = configMaps.cache().watch(0, true, o -> true);
    assertThat(w.next(Duration.ofSeconds(1)).orElseThrow().type()).isEqualTo(WatchCache.Event.Type.ADDED);
    configMaps.create(cm("two", Map.of()));
    WatchCache.Event next = w.next(Duration.ofSeconds(5)).orElseThrow();
    assertThat(next.object().getMetadata().getName()).isEqualTo("two");
  }

  @Test
  void staleRevisionOnUpdateIsAConflictWithKubernetesWording() {
    HasMetadata created = configMaps.create(cm("c", Map.of()));
    configMaps.guaranteedUpdate("default", "c", null, o -> {
      o.getMetadata().setLabels(Map.of("v", "2"));
      return o;
    });
    long stale = Long.parseLong(created.getMetadata().getResourceVersion());
    assertThatThrownBy(() -> configMaps.guaranteedUpdate("default", "c", stale, o -> o))
        .isInstanceOf(SkiffException.Conflict.class)
        .hasMessage("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest "
            + "version and try again");
  }

  @Test
  void createOfATakenNameIsAlreadyExists() {
    configMaps.create(cm("dup", Map.of()));
    assertThatThrownBy(() -> configMaps.create(cm("dup", Map.of()))).isInstanceOf(SkiffException.AlreadyExists.class)
        .hasMessage("configmaps \"dup\" already exists");
  }

  @Test
  void aWatcherThatFallsBehindIsClosed() throws Exception {
    CacheWatcher slow = configMaps.cache().watch(configMaps.cache().revision(), false, o -> true);
    for (int i = 0; i < WatchCache.WATCHER_QUEUE + 10; i++) {
      configMaps.create(cm("f" + i, Map.of()));
    }
    configMaps.consistentSnapshot("/registry/configmaps/");
    assertThat(slow.overflowed()).isTrue();
    assertThat(configMaps.cache().watcherCount()).isZero();
  }

  @Test
  void everyWatcherSendsTheSameEncodingOfAChangeWithItsResourceVersion() throws Exception {
    CacheWatcher first = configMaps.cache().watch(configMaps.cache().revision(), false, o -> true);
    CacheWatcher second = configMaps.cache().watch(configMaps.cache().revision(), false, o -> true);
    HasMetadata created = configMaps.create(cm("shared", Map.of("app", "x")));
    WatchCache.Event a = first.next(Duration.ofSeconds(5)).orElseThrow();
    WatchCache.Event b = second.next(Duration.ofSeconds(5)).orElseThrow();
    assertThat(a.encoded().json()).isSameAs(b.encoded().json());
    ConfigMap sent = new ObjectMapper().readValue(a.encoded().json(), ConfigMap.class);
    assertThat(sent.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(sent.getMetadata().getLabels()).containsEntry("app", "x");
    first.close();
    second.close();
  }

  @Test
  void anUpdateReturnsTheObjectAsAReadOfTheStoreGivesIt() {
    configMaps.create(cm("u", Map.of()));
    HasMetadata updated = configMaps.guaranteedUpdate("default", "u", null, o -> {
      o.getMetadata().setLabels(Map.of("k", "v"));
      return o;
    });
    HasMetadata read = configMaps.get("default", "u");
    assertThat(updated).isEqualTo(read);
    assertThat(updated.getMetadata().getResourceVersion()).isEqualTo(Long.toString(store.currentRevision()));
  }
}

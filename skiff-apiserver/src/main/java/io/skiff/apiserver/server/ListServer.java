package io.skiff.apiserver.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.registry.Strategies;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.selection.FieldSelector;
import io.skiff.apiserver.selection.LabelSelector;
import io.skiff.apiserver.status.StatusMapper;
import io.skiff.apiserver.storage.CacheWatcher;
import io.skiff.apiserver.storage.ResourceStore;
import io.skiff.apiserver.storage.WatchCache;
import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Lists and watches, served from the watch cache: selectors, pagination with continue tokens, resourceVersion
 * semantics (consistent reads when unset, any-age reads for "0"), Table printing, and streamed watch events with
 * bookmarks and timeouts.
 */
final class ListServer {
  private static final Duration BOOKMARK_INTERVAL = Duration.ofSeconds(30);
  private static final Duration MIN_WATCH_TIMEOUT = Duration.ofMinutes(30);

  private final ObjectMapper mapper;
  private final TableWriter tables;
  private final InstantSource clock;

  ListServer(ObjectMapper mapper, InstantSource clock) {
    this.mapper = mapper;
    this.tables = new TableWriter(mapper);
    this.clock = clock;
  }

  /** GET of one object: the object, or a one-row Table when the client asks for server-side printing. */
  void get(Exchange ex, ResourcePath p, GenericRegistry registry) throws IOException {
    HasMetadata object = registry.store().get(p.namespace(), p.name());
    if (!TableWriter.wantsTable(ex.header("Accept"))) {
      ex.json(200, object);
      return;
    }
    OutputStream out = ex.startStream(200, "application/json");
    try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      tables.write(g, registry.strategy(), List.of(object), object.getMetadata().getResourceVersion(), null, true, ex.query("includeObject"),
          clock.instant());
    }
  }

  void listOrWatch(Exchange ex, ResourcePath p, GenericRegistry registry) throws IOException {
    Predicate<HasMetadata> filter = filter(ex, p, registry.strategy());
    if (ex.flag("watch")) {
      watch(ex, p, registry, filter);
      return;
    }
    Page page = list(ex, p, registry, filter);
    OutputStream out = ex.startStream(200, "application/json");
    try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      String rv = Long.toString(page.revision());
      if (TableWriter.wantsTable(ex.header("Accept"))) {
        tables.write(g, registry.strategy(), page.items(), rv, page.continueToken(), true, ex.query("includeObject"), clock.instant());
      } else {
        g.writeStartObject();
        g.writeStringField("kind", p.type().kind() + "List");
        g.writeStringField("apiVersion", p.type().apiVersion());
        g.writeObjectFieldStart("metadata");
        g.writeStringField("resourceVersion", rv);
        if (page.continueToken() != null) {
          g.writeStringField("continue", page.continueToken());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("items");
        for (HasMetadata item : page.items()) {
          mapper.writeValue(g, item);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    }
  }

  /** A page of a list, after filtering. */
  record Page(List<HasMetadata> items, long revision, String continueToken) {}

  Page list(Exchange ex, ResourcePath p, GenericRegistry registry, Predicate<HasMetadata> filter) {
    int limit = parseLimit(ex.query("limit"));
    String cont = ex.query("continue");
    ResourceStore store = registry.store();
    if (cont != null && !cont.isEmpty()) {
      Continue c = Continue.decode(cont);
      ResourceStore.Page page;
      try {
        page = store.listFromStore(p.listPrefix(), c.revision(), limit, c.startAfter());
      } catch (CompactedException e) {
        throw new SkiffException.Gone("The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter.");
      }
      List<HasMetadata> items = page.items().stream().filter(filter).toList();
      String next = page.nextKey() == null ? null : new Continue(c.revision(), page.nextKey()).encode();
      return new Page(items, c.revision(), next);
    }
    String rv = ex.query("resourceVersion");
    WatchCache.Snapshot snapshot;
    if (rv == null || rv.isEmpty()) {
      snapshot = store.consistentSnapshot(p.listPrefix());
    } else {
      long wanted = parseRevision(rv);
      if (wanted > 0) {
        store.cache().awaitRevision(wanted, Duration.ofSeconds(3));
      }
      snapshot = store.cache().snapshot(p.listPrefix());
    }
    List<HasMetadata> matching = new ArrayList<>();
    String nextKey = null;
    for (HasMetadata item : snapshot.items()) {
      if (!filter.test(item)) {
        continue;
      }
      if (limit > 0 && matching.size() == limit) {
        HasMetadata last = matching.get(matching.size() - 1);
        nextKey = p.type().key(last.getMetadata().getNamespace(), last.getMetadata().getName());
        break;
      }
      matching.add(item);
    }
    String token = nextKey == null ? null : new Continue(snapshot.revision(), nextKey).encode();
    return new Page(matching, snapshot.revision(), token);
  }

  void deleteCollection(Exchange ex, ResourcePath p, GenericRegistry registry, DeleteOptions options, boolean dryRun) throws IOException {
    Predicate<HasMetadata> filter = filter(ex, p, registry.strategy());
    List<HasMetadata> deleted = new ArrayList<>();
    for (HasMetadata item : registry.store().consistentSnapshot(p.listPrefix()).items()) {
      if (!filter.test(item)) {
        continue;
      }
      try {
        deleted.add(registry.delete(item.getMetadata().getNamespace(), item.getMetadata().getName(), options, dryRun).object());
      } catch (SkiffException.NotFound e) {
        // deleted meanwhile by someone else: nothing left to do for it
      }
    }
    Map<String, Object> list = new java.util.LinkedHashMap<>();
    list.put("kind", p.type().kind() + "List");
    list.put("apiVersion", p.type().apiVersion());
    list.put("metadata", Map.of());
    list.put("items", deleted);
    ex.json(200, list);
  }

  private void watch(Exchange ex, ResourcePath p, GenericRegistry registry, Predicate<HasMetadata> filter) throws IOException {
    if ("websocket".equalsIgnoreCase(ex.header("Upgrade"))) {
      // Watches are streamed over plain HTTP. A client that asks for a WebSocket first is answered with a complete,
      // non-101 response: fabric8 takes a 200 as "no WebSocket here" and watches over HTTP at once (a 503 would be
      // retried with back-off for some 20 s first). The body says what happened, for anyone reading it.
      ex.setHeader("Connection", "close");
      ex.json(200, StatusMapper.failure(200, "BadRequest", "skiff serves watches as streaming HTTP, not over WebSocket: "
          + "repeat the request without the Upgrade header", null));
      return;
    }
    WatchCache cache = registry.store().cache();
    String rv = ex.query("resourceVersion");
    boolean initial = rv == null || rv.isEmpty() || rv.equals("0");
    long after = initial ? 0 : parseRevision(rv);
    boolean table = TableWriter.wantsTable(ex.header("Accept"));
    boolean bookmarks = ex.flag("allowWatchBookmarks");
    Duration timeout = timeout(ex.query("timeoutSeconds"));
    OutputStream out = ex.startStream(200, "application/json");
    CacheWatcher watcher;
    try {
      if (!initial && after > cache.revision()) {
        cache.awaitRevision(after, Duration.ofSeconds(3));
      }
      watcher = cache.watch(after, initial, filter.and(o -> o.getMetadata().getName() != null));
    } catch (CompactedException e) {
      writeEvent(out, "ERROR", mapper.writeValueAsBytes(StatusMapper.toStatus(e)));
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL.toNanos();
    boolean headers = true;
    try {
      while (!watcher.isClosed()) {
        long now = System.nanoTime();
        if (now >= deadline) {
          break;
        }
        long wait = Math.min(deadline, bookmarks ? nextBookmark : deadline) - now;
        Optional<WatchCache.Event> next;
        try {
          next = watcher.next(Duration.ofNanos(Math.max(wait, 1)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (next.isPresent()) {
          // The event and whatever else is ready go out in one write: one HTTP/2 DATA frame and one TLS record for a
          // burst of changes instead of several per event, for this server and for the client that reads them.
          EventBatch batch = new EventBatch();
          WatchCache.Event e = next.get();
          while (true) {
            if (table) {
              java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
              try (JsonGenerator g = mapper.getFactory().createGenerator(buf, JsonEncoding.UTF8)) {
                tables.write(g, registry.strategy(), List.of(e.object()), e.object().getMetadata().getResourceVersion(), null, headers,
                    ex.query("includeObject"), clock.instant());
              }
              headers = false;
              batch.add(e.type().name(), buf.toByteArray());
            } else {
              batch.add(e.type().name(), e.encoded().json());
            }
            Optional<WatchCache.Event> more = batch.full() ? Optional.empty() : watcher.poll();
            if (more.isEmpty()) {
              break;
            }
            e = more.get();
          }
          batch.writeTo(out);
        } else if (bookmarks && System.nanoTime() >= nextBookmark) {
          nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL.toNanos();
          Map<String, Object> bookmark = Map.of("kind", p.type().kind(), "apiVersion", p.type().apiVersion(),
              "metadata", Map.of("resourceVersion", Long.toString(cache.revision())));
          writeEvent(out, "BOOKMARK", mapper.writeValueAsBytes(bookmark));
        }
      }
    } catch (IOException | Exchange.ClientGone e) {
      // the client went away: closing the watcher below is all the clean-up there is
    } finally {
      watcher.close();
    }
  }

  private static void writeEvent(OutputStream out, String type, byte[] object) throws IOException {
    EventBatch one = new EventBatch();
    one.add(type, object);
    one.writeTo(out);
  }

  /** Watch events framed as the API streams them (one JSON object a line), gathered to be written at once. */
  private static final class EventBatch {
    /** Past this many bytes a batch is written even when more events are ready. */
    private static final int MAX_BYTES = 256 * 1024;
    private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(8192);

    void add(String type, byte[] object) {
      buf.writeBytes(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
      buf.writeBytes(object);
      buf.write('}');
      buf.write('\n');
    }

    boolean full() {
      return buf.size() >= MAX_BYTES;
    }

    /** One write of the whole batch: the stream sends it at once (it keeps nothing back that a flush would push). */
    void writeTo(OutputStream out) throws IOException {
      buf.writeTo(out);
    }
  }

  private Predicate<HasMetadata> filter(Exchange ex, ResourcePath p, ResourceStrategy<HasMetadata> strategy) {
    String ls = ex.query("labelSelector");
    String fs = ex.query("fieldSelector");
    LabelSelector labels = ls == null || ls.isBlank() ? null : LabelSelector.parse(ls);
    FieldSelector fields = fs == null || fs.isBlank() ? null : FieldSelector.parse(fs);
    if (fields != null) {
      fields.requireSupported(Strategies.fieldLabels(p.type()));
    }
    String namespace = p.type().namespaced() ? p.namespace() : null;
    return o -> {
      if (namespace != null && !namespace.equals(o.getMetadata().getNamespace())) {
        return false;
      }
      if (labels != null && !labels.matches(o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels())) {
        return false;
      }
      return fields == null || fields.matches(strategy.selectableFields(o));
    };
  }

  private static Duration timeout(String seconds) {
    if (seconds == null || seconds.isEmpty()) {
      long min = MIN_WATCH_TIMEOUT.toSeconds();
      return Duration.ofSeconds(min + ThreadLocalRandom.current().nextLong(min));
    }
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(seconds)));
    } catch (NumberFormatException e) {
      throw new SkiffException.BadRequest("invalid timeoutSeconds: " + seconds);
    }
  }

  private static int parseLimit(String limit) {
    if (limit == null || limit.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(limit));
    } catch (NumberFormatException e) {
      throw new SkiffException.BadRequest("invalid limit: " + limit);
    }
  }

  private static long parseRevision(String rv) {
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw new SkiffException.BadRequest("invalid resource version: " + rv);
    }
  }

  /** A continue token: the revision of the first page and the last key served. */
  record Continue(long revision, String startAfter) {
    String encode() {
      String json = "{\"v\":\"meta.k8s.io/v1\",\"rv\":" + revision + ",\"start\":\"" + startAfter.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Continue decode(String token) {
      try {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        var node = io.skiff.apiserver.decode.Json.mapper().readTree(raw);
        return new Continue(node.get("rv").asLong(), node.get("start").asText());
      } catch (IllegalArgumentException | IOException | NullPointerException e) {
        throw new SkiffException.BadRequest("continue key is not valid: " + e.getMessage());
      }
    }
  }
}

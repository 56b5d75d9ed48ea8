package io.skiff.events;

import static io.skiff.events.MockApi.KUBELET;
import static io.skiff.events.MockApi.body;
import static io.skiff.events.MockApi.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.skiff.testing.Await;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue in front of the poster: background posting, drops when full, draining or dropping at close. */
class EventPublisherTest {
  private final MockApi api = new MockApi();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    api.close();
  }

  private static ObjectEvent started(String container) {
    return ObjectEvent.of(KUBELET, pod("web", "uid-1"), "Normal", "Started", "Started container " + container);
  }

  private void answerCreates() {
    api.server.expect().post().withPath("/api/v1/namespaces/default/events")
        .andReturn(201, new EventBuilder().withNewMetadata().withNamespace("default").withName("web.1").endMetadata().build()).always();
  }

  /** The API server holds every create until the test releases it, so that the one worker stays busy. */
  private void holdCreates() {
    api.server.expect().post().withPath("/api/v1/namespaces/default/events").andReply(201, request -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new EventBuilder().withNewMetadata().withNamespace("default").withName("web.1").endMetadata().build();
    }).always();
  }

  private EventPublisher publisher(int capacity, int workers, OnClose onClose) {
    return new EventPublisher(api.client, api.clock, new QueueSettings("test-events", capacity, workers, onClose));
  }

  @Test
  void recordedEventsArePostedInTheBackground() throws Exception {
    answerCreates();
    try (EventPublisher events = publisher(16, 2, new OnClose.Drain(Duration.ofSeconds(5)))) {
      events.record(started("a"));
      events.record(started("b"));
      Set<String> messages = new HashSet<>();
      messages.add(body(api.next()).at("/message").asText());
      messages.add(body(api.next()).at("/message").asText());
      assertThat(messages).containsExactlyInAnyOrder("Started container a", "Started container b");
      assertThat(events.dropped()).isZero();
    }
  }

  @Test
  void fullQueueDropsAndCounts() {
    holdCreates();
    try (EventPublisher events = publisher(2, 1, new OnClose.Drop())) {
      events.record(started("a"));
      Await.until("the worker is posting the first event", Duration.ofSeconds(10), () -> api.server.getRequestCount() == 1);
      for (String c : new String[] {"b", "c", "d", "e", "f"}) {
        events.record(started(c));
      }
      assertThat(events.dropped()).isEqualTo(3);
      release.countDown();
    }
  }

  @Test
  void closePostsWhatIsQueuedWithinTheGrace() {
    answerCreates();
    EventPublisher events = publisher(16, 1, new OnClose.Drain(Duration.ofSeconds(10)));
    for (String c : new String[] {"a", "b", "c", "d"}) {
      events.record(started(c));
    }
    events.close();
    assertThat(api.server.getRequestCount()).isEqualTo(4);
    assertThat(events.dropped()).isZero();
  }

  @Test
  void closeWithDropDiscardsWhatIsQueuedAndCountsIt() {
    holdCreates();
    EventPublisher events = publisher(16, 1, new OnClose.Drop());
    events.record(started("a"));
    Await.until("the worker is posting the first event", Duration.ofSeconds(10), () -> api.server.getRequestCount() == 1);
    events.record(started("b"));
    events.record(started("c"));
    events.close();
    assertThat(events.dropped()).isEqualTo(2);
    events.record(started("d"));
    assertThat(events.dropped()).as("an event recorded after close").isEqualTo(3);
  }

  @Test
  void aRefusedPostIsCountedAndTheNextEventStillPosted() throws Exception {
    api.server.expect().post().withPath("/api/v1/namespaces/default/events")
        .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withReason("Forbidden").build()).once();
    answerCreates();
    try (EventPublisher events = publisher(16, 1, new OnClose.Drain(Duration.ofSeconds(5)))) {
      events.record(started("a"));
      events.record(started("b"));
      api.next();
      assertThat(body(api.next()).at("/message").asText()).isEqualTo("Started container b");
      Await.until("the refusal is counted", Duration.ofSeconds(5), () -> events.failed() == 1);
    }
  }
}

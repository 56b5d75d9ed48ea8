package io.skiff.kubelet.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectsTest {

  private static List<String> feed(JsonObjects objects, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return objects.feed(b, 0, b.length).stream().map(o -> new String(o, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void objectsSplitAcrossFramesComeOutWhole() {
    JsonObjects objects = new JsonObjects();
    assertThat(feed(objects, "{\"Width\":100,")).isEmpty();
    assertThat(feed(objects, "\"Height\":30}\n{\"Width\":1")).containsExactly("{\"Width\":100,\"Height\":30}");
    assertThat(feed(objects, "20,\"Height\":40}\n")).containsExactly("{\"Width\":120,\"Height\":40}");
  }

  @Test
  void severalObjectsInOneFrameComeOutInOrder() {
    assertThat(feed(new JsonObjects(), "{\"a\":1}\n{\"b\":{\"c\":2}}{\"d\":3}")).containsExactly("{\"a\":1}", "{\"b\":{\"c\":2}}", "{\"d\":3}");
  }

  @Test
  void bracesInsideStringsDoNotCount() {
    assertThat(feed(new JsonObjects(), "{\"s\":\"}{\\\"}\"}")).containsExactly("{\"s\":\"}{\\\"}\"}");
  }

  @Test
  void anOversizedObjectIsDroppedAndTheNextOneStillParses() {
    JsonObjects objects = new JsonObjects();
    assertThat(feed(objects, "{\"x\":\"" + "y".repeat(JsonObjects.MAX_OBJECT) + "\"}")).isEmpty();
    assertThat(feed(objects, "{\"Width\":1,\"Height\":2}")).containsExactly("{\"Width\":1,\"Height\":2}");
  }
}

package io.skiff.kubelet.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerManager;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.ExecProcess;
import io.skiff.runtime.ExecRequest;
import io.skiff.runtime.ExecResult;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.TerminalSize;
import io.skiff.streams.spdy.SpdyFraming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The remote command protocol over SPDY/3.1 as kubectl 1.29 speaks it, against a fake command: the client opens its
 * streams (each accepted), input and terminal sizes reach the command, output comes back on the right streams, and
 * the outcome is written on the error stream in the negotiated version's format before the streams are finished.
 */
class SpdySessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ContainerId CONTAINER = new ContainerId("0123456789abcdef0123456789abcdef");
  private final Pipe toServer = new Pipe();
  private final Pipe toClient = new Pipe();
  private final Peer peer = new Peer();
  private Thread server;

  /** The client side: Netty's codec with its own compression contexts, as a Go peer has. */
  private final class Peer {
    final EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    final EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    final LinkedBlockingQueue<SpdyFrame> frames = new LinkedBlockingQueue<>();

    void start() {
      Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[8192];
        try {
          int n;
          while ((n = toClient.in.read(buf)) >= 0) {
            decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
            Object o;
            while ((o = decoder.readInbound()) != null) {
              frames.add((SpdyFrame) o);
            }
          }
        } catch (IOException e) {
          // the test is over
        }
      });
    }

    void send(SpdyFrame frame) throws IOException {
      encoder.writeOutbound(frame);
      ByteBuf b;
      while ((b = encoder.readOutbound()) != null) {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        toServer.out.write(bytes);
      }
    }

    void open(int id, String type) throws IOException {
      DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
      syn.headers().set("streamtype", type);
      send(syn);
    }

    void data(int id, String text, boolean last) throws IOException {
      DefaultSpdyDataFrame d = new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      d.setLast(last);
      send(d);
    }

    SpdyFrame next() throws InterruptedException {
      SpdyFrame f = frames.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a frame from the server").isNotNull();
      return f;
    }

    /** Reads frames until every listed stream was finished, collecting the data of each. */
    java.util.Map<Integer, String> untilFinished(int... ids) throws InterruptedException {
      java.util.Map<Integer, ByteArrayOutputStream> data = new java.util.HashMap<>();
      java.util.Set<Integer> open = new java.util.HashSet<>();
      for (int id : ids) {
        open.add(id);
        data.put(id, new ByteArrayOutputStream());
      }
      while (!open.isEmpty()) {
        if (next() instanceof SpdyDataFrame d) {
          byte[] b = new byte[d.content().readableBytes()];
          d.content().readBytes(b);
          data.computeIfAbsent(d.streamId(), k -> new ByteArrayOutputStream()).writeBytes(b);
          if (d.isLast()) {
            open.remove(d.streamId());
          }
          d.release();
        }
      }
      java.util.Map<Integer, String> text = new java.util.HashMap<>();
      data.forEach((k, v) -> text.put(k, v.toString(StandardCharsets.UTF_8)));
      return text;
    }
  }

  /** A command that answers its input in upper case on stdout, says "warning" on stderr, and exits when its input ends. */
  private static final class FakeProcess implements ExecProcess {
    final int exitCode;
    final Pipe out = new Pipe();
    final Pipe err = new Pipe();
    final ByteArrayOutputStream input = new ByteArrayOutputStream();
    final CountDownLatch done = new CountDownLatch(1);
    final List<TerminalSize> resizes = new CopyOnWriteArrayList<>();

    FakeProcess(int exitCode) {
      this.exitCode = exitCode;
    }

    @Override
    public OutputStream stdin() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          input.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          input.write(b, off, len);
          out.write(new String(b, off, len, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
          finish();
        }
      };
    }

    void finish() {
      if (done.getCount() > 0) {
        err.write("warning\n".getBytes(StandardCharsets.UTF_8));
        out.end();
        err.end();
        done.countDown();
      }
    }

    @Override
    public InputStream stdout() {
      return out.in;
    }

    @Override
    public InputStream stderr() {
      return err.in;
    }

    @Override
    public void resize(TerminalSize size) {
      resizes.add(size);
    }

    @Override
    public int waitFor() throws InterruptedException {
      done.await();
      return exitCode;
    }

    @Override
    public void hangUp(Duration grace) {
      finish();
    }

    @Override
    public void close() {}
  }

  /** The one capability the session uses; the rest of the runtime is not there. */
  private static final class FakeRuntime implements ContainerManager {
    final FakeProcess process;
    volatile ExecRequest request;

    FakeRuntime(FakeProcess process) {
      this.process = process;
    }

    @Override
    public ExecProcess startExec(ContainerId id, ExecRequest r) {
      request = r;
      return process;
    }

    @Override
    public ContainerId createContainer(SandboxId sandbox, ContainerConfig config) {
      throw new AssertionError("not used by a streaming session");
    }

    @Override
    public void startContainer(ContainerId id) {
      throw new AssertionError("not used by a streaming session");
    }

    @Override
    public void stopContainer(ContainerId id, Duration grace) {
      throw new AssertionError("not used by a streaming session");
    }

    @Override
    public void removeContainer(ContainerId id) {
      throw new AssertionError("not used by a streaming session");
    }

    @Override
    public ContainerStatus containerStatus(ContainerId id) {
      throw new AssertionError("not used by a streaming session");
    }

    @Override
    public List<ContainerStatus> listContainers(ContainerFilter filter) {
      throw new AssertionError("not used by a streaming session");
    }

    @Override
    public ExecResult execSync(ContainerId id, List<String> argv, Duration timeout) {
      throw new AssertionError("not used by a streaming session");
    }
  }

  private void serve(SpdyProtocol protocol, StreamOptions options, FakeRuntime runtime) {
    peer.start();
    server = Thread.ofVirtual().start(() -> {
      try (SpdyFraming spdy = new SpdyFraming(toServer.in, toClient.out)) {
        SpdyClient client = SpdyClient.accept(spdy, protocol, options, Duration.ofSeconds(10), toServer::end);
        new StreamSession(client, options, "error executing command in container", size -> ExecCommand.start(runtime, CONTAINER, options, size)).run();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    toServer.end();
    if (server != null) {
      server.join(Duration.ofSeconds(10));
    }
  }

  @Test
  void inputOutputAndTheExitCodeTravelOnTheirStreamsInVersion4() throws Exception {
    FakeRuntime runtime = new FakeRuntime(new FakeProcess(3));
    serve(SpdyProtocol.V4, new StreamOptions(List.of("sh"), true, true, true, false), runtime);
    peer.open(1, "error");
    peer.open(3, "stdin");
    peer.open(5, "stdout");
    peer.open(7, "stderr");
    for (int id : new int[] {1, 3, 5, 7}) {
      assertThat(((SpdySynReplyFrame) peer.next()).streamId()).isEqualTo(id);
    }
    peer.data(3, "hello ", false);
    peer.data(3, "world\n", true);
    var streams = peer.untilFinished(1, 5, 7);
    assertThat(streams.get(5)).isEqualTo("HELLO WORLD\n");
    assertThat(streams.get(7)).isEqualTo("warning\n");
    Status status = JSON.readValue(streams.get(1), Status.class);
    assertThat(status.getStatus()).isEqualTo("Failure");
    assertThat(status.getReason()).isEqualTo("NonZeroExitCode");
    assertThat(status.getDetails().getCauses()).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("ExitCode");
      assertThat(c.getMessage()).isEqualTo("3");
    });
    assertThat(runtime.process.input.toString(StandardCharsets.UTF_8)).isEqualTo("hello world\n");
  }

  @Test
  void aTerminalStartsAtTheClientsSizeAndFollowsItsResizes() throws Exception {
    FakeRuntime runtime = new FakeRuntime(new FakeProcess(0));
    serve(SpdyProtocol.V4, new StreamOptions(List.of("bash"), true, true, false, true), runtime);
    peer.open(1, "error");
    peer.open(3, "stdin");
    peer.open(5, "stdout");
    peer.open(7, "resize");
    for (int i = 0; i < 4; i++) {
      peer.next();
    }
    peer.data(7, "{\"Width\":100,", false);
    peer.data(7, "\"Height\":30}\n", false);
    peer.data(3, "ls\n", false);
    assertThat(new String(((SpdyDataFrame) peer.next()).content().toString(StandardCharsets.UTF_8))).isEqualTo("LS\n");
    assertThat(runtime.request.initialSize()).isEqualTo(new TerminalSize(100, 30));
    assertThat(runtime.request.tty()).isTrue();
    peer.data(7, "{\"Width\":120,\"Height\":40}\n", false);
    io.skiff.testing.Await.until("the resize to reach the command", Duration.ofSeconds(10), () -> runtime.process.resizes,
        r -> r.contains(new TerminalSize(120, 40)));
    peer.data(3, "", true);
    var streams = peer.untilFinished(1, 5);
    assertThat(JSON.readValue(streams.get(1), Status.class).getStatus()).isEqualTo("Success");
  }

  @Test
  void beforeVersion4OnlyAFailuresMessageIsWrittenAsText() throws Exception {
    FakeRuntime runtime = new FakeRuntime(new FakeProcess(2));
    serve(SpdyProtocol.V2, new StreamOptions(List.of("false"), true, true, false, false), runtime);
    peer.open(1, "error");
    peer.open(3, "stdin");
    peer.open(5, "stdout");
    for (int i = 0; i < 3; i++) {
      peer.next();
    }
    peer.data(3, "", true);
    var streams = peer.untilFinished(1, 5);
    assertThat(streams.get(1)).isEqualTo("command terminated with non-zero exit code: error executing command [false], exit code 2");
  }

  @Test
  void aClientThatDoesNotOpenItsStreamsInTimeIsCutOff() throws Exception {
    peer.start();
    SpdyFraming spdy = new SpdyFraming(toServer.in, toClient.out);
    peer.open(1, "error");
    StreamOptions options = new StreamOptions(List.of("sh"), true, true, false, false);
    assertThatThrownBy(() -> SpdyClient.accept(spdy, SpdyProtocol.V4, options, Duration.ofMillis(200), toServer::end))
        .isInstanceOf(IOException.class).hasMessageContaining("timed out waiting for client to create streams");
    assertThat(((SpdySynReplyFrame) peer.next()).streamId()).isEqualTo(1);
    spdy.close();
  }

  @Test
  void aClientThatGoesAwayHangsTheCommandUp() throws Exception {
    FakeRuntime runtime = new FakeRuntime(new FakeProcess(0));
    serve(SpdyProtocol.V4, new StreamOptions(List.of("sleep"), false, true, false, false), runtime);
    peer.open(1, "error");
    peer.open(3, "stdout");
    peer.next();
    peer.next();
    peer.send(new DefaultSpdyGoAwayFrame(0));
    assertThat(runtime.process.done.await(10, TimeUnit.SECONDS)).as("the command was hung up").isTrue();
  }
}

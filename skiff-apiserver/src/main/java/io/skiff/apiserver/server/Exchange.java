package io.skiff.apiserver.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.common.SkiffException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One request and its response, with the small blocking helpers the handlers need. */
public final class Exchange {
  /** The largest request body accepted, as Kubernetes' 3 MiB limit. */
  public static final int MAX_BODY = 3 * 1024 * 1024;

  private final Request request;
  private final Response response;
  private final ObjectMapper mapper;
  private final Fields query;
  private OutputStream out;
  /** Whether {@link #bytes} wrote the whole response with its last write. */
  private boolean completed;

  public Exchange(Request request, Response response, ObjectMapper mapper) {
    this.request = request;
    this.response = response;
    this.mapper = mapper;
    this.query = Request.extractQueryParameters(request);
  }

  public Request request() {
    return request;
  }

  public Response response() {
    return response;
  }

  public String method() {
    return request.getMethod();
  }

  public String path() {
    return request.getHttpURI().getDecodedPath();
  }

  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The first value of query parameter {@code name}, or null. */
  public String query(String name) {
    return query.getValue(name);
  }

  /** All values of query parameter {@code name}. */
  public List<String> queryAll(String name) {
    return query.getValues(name);
  }

  /** Whether query parameter {@code name} is "true" or "1". */
  public boolean flag(String name) {
    String v = query(name);
    return v != null && (v.equals("true") || v.equals("1"));
  }

  /** The media type of the body, without parameters, lower-case; JSON when absent. */
  public String contentType() {
    String ct = header("Content-Type");
    if (ct == null || ct.isBlank()) {
      return "application/json";
    }
    int semi = ct.indexOf(';');
    return (semi >= 0 ? ct.substring(0, semi) : ct).trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The request body, refused with 413 past {@link #MAX_BODY}. */
  public byte[] body() {
    try (InputStream in = Content.Source.asInputStream(request)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[16384];
      int n;
      while ((n = in.read(chunk)) > 0) {
        buf.write(chunk, 0, n);
        if (buf.size() > MAX_BODY) {
          throw new SkiffException.TooLarge("the request body is larger than " + MAX_BODY + " bytes");
        }
      }
      return buf.toByteArray();
    } catch (IOException e) {
      throw new SkiffException.BadRequest("cannot read the request body: " + e.getMessage(), e);
    }
  }

  public void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  public void addWarning(String text) {
    response.getHeaders().add(new HttpField(HttpHeader.WARNING, "299 - \"" + text.replace("\"", "\\\"") + "\""));
  }

  /** Writes {@code value} as a complete JSON response. */
  public void json(int status, Object value) {
    try {
      bytes(status, "application/json", mapper.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot encode the response", e);
    }
  }

  /**
   * Writes a complete response: headers and body in one last write, so that HTTP/2 sends the body's DATA frame with
   * END_STREAM instead of an empty frame after it.
   */
  public void bytes(int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    try {
      if (out == null) {
        Content.Sink.write(response, true, java.nio.ByteBuffer.wrap(body));
        completed = true;
      } else {
        out.write(body);
      }
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** Writes a Status as the response, with its code. */
  public void status(Status status) {
    if (status.getDetails() != null && status.getDetails().getRetryAfterSeconds() != null && status.getDetails().getRetryAfterSeconds() > 0) {
      setHeader("Retry-After", Integer.toString(status.getDetails().getRetryAfterSeconds()));
    }
    json(status.getCode() == null ? 500 : status.getCode(), status);
  }

  /**
   * Starts a streamed response (watch, log follow) and sends its headers at once, so that a client waiting for
   * them (fabric8's watch, for one) does not wait for the first event; the caller writes to the stream and flushes.
   */
  public OutputStream startStream(int status, String contentType) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    OutputStream o = stream();
    try {
      o.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
    return o;
  }

  public OutputStream stream() {
    if (completed) {
      throw new IllegalStateException("the response is complete already");
    }
    if (out == null) {
      out = Content.Sink.asOutputStream(response);
    }
    return out;
  }

  public boolean committed() {
    return response.isCommitted();
  }

  /** Completes the response. */
  public void finish() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /** The client went away while we were writing. */
  public static final class ClientGone extends RuntimeException {
    public ClientGone(Throwable cause) {
      super("client disconnected", cause);
    }
  }
}

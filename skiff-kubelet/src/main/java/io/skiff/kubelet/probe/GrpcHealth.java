package io.skiff.kubelet.probe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The wire side of {@code grpc.health.v1.Health/Check}: {@code HealthCheckRequest{string service = 1}} and
 * {@code HealthCheckResponse{ServingStatus status = 1}} in protobuf, each in a gRPC length-prefixed message (a flag byte
 * for compression, four bytes of length, the message).
 */
public final class GrpcHealth {
  /** The method's path. */
  public static final String PATH = "/grpc.health.v1.Health/Check";
  private static final int SERVICE_FIELD = 1;
  private static final int STATUS_FIELD = 1;
  private static final int PREFIX = 5;

  private GrpcHealth() {}

  /** {@code HealthCheckResponse.ServingStatus}, in protobuf order. */
  public enum ServingStatus {
    UNKNOWN, SERVING, NOT_SERVING, SERVICE_UNKNOWN;

    /** The enum value's name as Go's generated {@code String()} prints it: the number itself for one it does not know. */
    public static String name(int value) {
      ServingStatus[] all = values();
      return value >= 0 && value < all.length ? all[value].name() : Integer.toString(value);
    }
  }

  /** A {@code HealthCheckRequest} for {@code service} ("" for the server as a whole) as one gRPC message. */
  public static byte[] request(String service) {
    byte[] message = new byte[service.isEmpty() ? 0 : CodedOutputStream.computeStringSize(SERVICE_FIELD, service)];
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(message);
      if (!service.isEmpty()) {
        out.writeString(SERVICE_FIELD, service);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("a message sized by protobuf did not fit", e);
    }
    return frame(message);
  }

  /** A {@code HealthCheckResponse} with {@code status} as one gRPC message (what a health server answers). */
  public static byte[] response(int status) {
    byte[] message = new byte[status == 0 ? 0 : CodedOutputStream.computeEnumSize(STATUS_FIELD, status)];
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(message);
      if (status != 0) {
        out.writeEnum(STATUS_FIELD, status);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("a message sized by protobuf did not fit", e);
    }
    return frame(message);
  }

  /** The {@code service} of a {@code HealthCheckRequest} message (without its prefix). */
  public static String service(byte[] message) throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    String service = "";
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == SERVICE_FIELD && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          service = in.readStringRequireUtf8();
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return service;
  }

  /** The {@code status} number of a {@code HealthCheckResponse} message (without its prefix); 0 when absent. */
  public static int status(byte[] message) throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    int status = 0;
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == STATUS_FIELD && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
          status = in.readEnum();
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return status;
  }

  /** The length prefix and the message. */
  static byte[] frame(byte[] message) {
    return ByteBuffer.allocate(PREFIX + message.length).put((byte) 0).putInt(message.length).put(message).array();
  }

  /** What a response body held: exactly one uncompressed message, or what is wrong with it in grpc-go's words. */
  public sealed interface Unframed {}

  /** The one message. */
  public record Message(byte[] bytes) implements Unframed {}

  /** Not one well-formed uncompressed message; {@code why} as grpc-go words it (a status of code Internal). */
  public record Malformed(String why) implements Unframed {}

  /** Takes the one message out of a unary response's body. */
  public static Unframed unframe(byte[] body) {
    if (body.length == 0) {
      return new Malformed("cardinality violation: expected <Message> for non server-streaming RPCs, but received <EOF>");
    }
    if (body.length < PREFIX) {
      return new Malformed("unexpected EOF");
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    byte flag = b.get();
    long length = Integer.toUnsignedLong(b.getInt());
    if (flag != 0) {
      return new Malformed("grpc: compressed flag set with identity or empty encoding");
    }
    if (length > body.length - PREFIX) {
      return new Malformed("unexpected EOF");
    }
    if (length < body.length - PREFIX) {
      return new Malformed("cardinality violation: expected <EOF> for non server-streaming RPCs, but received another message");
    }
    return new Message(Arrays.copyOfRange(body, PREFIX, body.length));
  }
}

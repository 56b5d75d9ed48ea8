package io.skiff.kubelet.probe;

/**
 * gRPC status codes with the names grpc-go prints ({@code codes.Code.String()}), as they appear in the kubelet's
 * {@code rpc error: code = NotFound desc = unknown service}.
 */
public enum GrpcCode {
  OK, Canceled, Unknown, InvalidArgument, DeadlineExceeded, NotFound, AlreadyExists, PermissionDenied, ResourceExhausted,
  FailedPrecondition, Aborted, OutOfRange, Unimplemented, Internal, Unavailable, DataLoss, Unauthenticated;

  /** The name of the code with this number, {@code Code(17)} for one beyond the known codes as grpc-go prints it. */
  public static String name(int value) {
    GrpcCode[] all = values();
    return value >= 0 && value < all.length ? all[value].name() : "Code(" + value + ")";
  }

  /**
   * The code grpc-go derives from a response that is not gRPC (its {@code HTTPStatusConvTab}): 400 Internal, 401
   * Unauthenticated, 403 PermissionDenied, 404 Unimplemented, 429/502/503/504 Unavailable, anything else Unknown.
   */
  public static GrpcCode ofHttpStatus(int status) {
    return switch (status) {
      case 400 -> Internal;
      case 401 -> Unauthenticated;
      case 403 -> PermissionDenied;
      case 404 -> Unimplemented;
      case 429, 502, 503, 504 -> Unavailable;
      default -> Unknown;
    };
  }
}

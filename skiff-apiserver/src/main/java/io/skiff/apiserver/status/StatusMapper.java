package io.skiff.apiserver.status;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.skiff.common.SkiffException;
import io.skiff.store.CompactedException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from a failure to a Kubernetes {@code Status}, with messages worded as apimachinery's
 * {@code errors.go} words them (kubectl prints them as they are).
 */
public final class StatusMapper {
  private static final Logger LOG = LoggerFactory.getLogger(StatusMapper.class);

  private StatusMapper() {}

  /** The Status for {@code error}; unexpected errors are logged once with their stack and shown without it. */
  public static Status toStatus(Throwable error) {
    if (error instanceof CompactedException c) {
      return failure(410, "Expired", "too old resource version: " + c.requested() + " (" + c.compacted() + ")", null);
    }
    if (!(error instanceof SkiffException e)) {
      LOG.error("internal error", error);
      return failure(500, "InternalError", "Internal error occurred: " + error, null);
    }
    return switch (e) {
      case SkiffException.NotFound n -> withSubject(failure(404, "NotFound", n.getMessage(), null), n.subject());
      case SkiffException.AlreadyExists a -> withSubject(failure(409, "AlreadyExists", a.getMessage(), null), a.subject());
      case SkiffException.Conflict c -> withSubject(failure(409, "Conflict", c.getMessage(), null), c.subject());
      case SkiffException.Invalid i -> invalid(i);
      case SkiffException.BadRequest b -> failure(400, "BadRequest", b.getMessage(), null);
      case SkiffException.Gone g -> failure(410, "Expired", g.getMessage(), null);
      case SkiffException.Unavailable u -> failure(503, "ServiceUnavailable", u.getMessage(), null);
      case SkiffException.Timeout t -> failure(504, "Timeout", t.getMessage(), null);
      case SkiffException.Unauthorized u -> failure(401, "Unauthorized", u.getMessage(), null);
      case SkiffException.Forbidden f -> failure(403, "Forbidden", f.getMessage(), null);
      case SkiffException.TooLarge t -> failure(413, "RequestEntityTooLarge", t.getMessage(), null);
      case SkiffException.UnsupportedMediaType m -> failure(415, "UnsupportedMediaType", m.getMessage(), null);
      case SkiffException.MethodNotAllowed m -> failure(405, "MethodNotAllowed", m.getMessage(), null);
      case SkiffException.TooManyRequests t -> tooManyRequests(t);
      case SkiffException.Internal i -> {
        LOG.error("internal error: {}", i.getMessage(), i.getCause());
        yield failure(500, "InternalError", "Internal error occurred: " + i.getMessage(), null);
      }
    };
  }

  /** A Failure Status with the given code, reason and message. */
  public static Status failure(int code, String reason, String message, List<StatusCause> causes) {
    StatusBuilder b = new StatusBuilder()
        .withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
        .withStatus("Failure").withMessage(message).withReason(reason).withCode(code);
    if (causes != null && !causes.isEmpty()) {
      b.withDetails(new StatusDetailsBuilder().withCauses(causes).build());
    }
    return b.build();
  }

  /** The Success Status (as DELETE answers for some resources). */
  public static Status success() {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata().withStatus("Success").build();
  }

  private static Status invalid(SkiffException.Invalid i) {
    List<StatusCause> causes = i.errors().stream()
        .map(f -> new StatusCauseBuilder().withReason(f.type().reason()).withMessage(f.message()).withField(f.field()).build())
        .toList();
    Status s = failure(422, "Invalid", i.getMessage(), causes);
    s.getDetails().setName(i.name());
    int dot = i.kind().indexOf('.');
    s.getDetails().setKind(dot < 0 ? i.kind() : i.kind().substring(0, dot));
    if (dot >= 0) {
      s.getDetails().setGroup(i.kind().substring(dot + 1));
    }
    return s;
  }

  private static Status tooManyRequests(SkiffException.TooManyRequests t) {
    List<StatusCause> causes = t.causes().stream()
        .map(c -> new StatusCauseBuilder().withReason(c.reason()).withMessage(c.message()).build())
        .toList();
    Status s = failure(429, "TooManyRequests", t.getMessage(), causes);
    if (t.retryAfterSeconds() > 0) {
      if (s.getDetails() == null) {
        s.setDetails(new StatusDetailsBuilder().build());
      }
      s.getDetails().setRetryAfterSeconds(t.retryAfterSeconds());
    }
    return s;
  }

  private static Status withSubject(Status s, SkiffException.Subject subject) {
    if (subject == null) {
      return s;
    }
    String resource = subject.resource();
    String group = "";
    int dot = resource.indexOf('.');
    if (dot > 0) {
      group = resource.substring(dot + 1);
      resource = resource.substring(0, dot);
    }
    s.setDetails(new StatusDetailsBuilder().withName(subject.name()).withGroup(group.isEmpty() ? null : group).withKind(resource).build());
    return s;
  }
}

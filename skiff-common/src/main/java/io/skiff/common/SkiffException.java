package io.skiff.common;

import java.util.List;
import java.util.Objects;

/**
 * The one closed error vocabulary of skiff, in the spirit of containerd's errdefs and the apiserver's storage
 * errors. Core code throws only these; the API server's status mapping turns each into a Kubernetes Status.
 * Messages are written so that they can be shown to a user as they are.
 */
public abstract sealed class SkiffException extends RuntimeException {

  protected SkiffException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The resource (plural, with group when not core, e.g. {@code pods} or {@code leases.coordination.k8s.io}) and name an error is about. */
  public record Subject(String resource, String name) {
    public Subject {
      Objects.requireNonNull(resource, "resource");
      name = name == null ? "" : name;
    }
  }

  /** A named object does not exist. */
  public static final class NotFound extends SkiffException {
    private final Subject subject;
    public NotFound(Subject subject) {
      super(subject.resource() + " \"" + subject.name() + "\" not found", null);
      this.subject = subject;
    }
    public NotFound(String message) {
      super(message, null);
      this.subject = null;
    }
    public Subject subject() { return subject; }
  }

  /** A create found an object of the same name. */
  public static final class AlreadyExists extends SkiffException {
    private final Subject subject;
    public AlreadyExists(Subject subject) {
      super(subject.resource() + " \"" + subject.name() + "\" already exists", null);
      this.subject = subject;
    }
    public Subject subject() { return subject; }
  }

  /** An optimistic-concurrency miss or another conflict with the current state. */
  public static final class Conflict extends SkiffException {
    /** The suffix Kubernetes appends to every optimistic-lock conflict; tools match this text. */
    public static final String OPTIMISTIC_LOCK_MESSAGE =
        "the object has been modified; please apply your changes to the latest version and try again";
    private final Subject subject;
    public Conflict(Subject subject, String reason) {
      super("Operation cannot be fulfilled on " + subject.resource() + " \"" + subject.name() + "\": " + reason, null);
      this.subject = subject;
    }
    public static Conflict optimisticLock(Subject subject) {
      return new Conflict(subject, OPTIMISTIC_LOCK_MESSAGE);
    }
    public Subject subject() { return subject; }
  }

  /** An object failed validation; one {@link FieldError} per offending field. */
  public static final class Invalid extends SkiffException {
    private final String kind;
    private final String name;
    private final List<FieldError> errors;
    public Invalid(String kind, String name, List<FieldError> errors) {
      super(kind + " \"" + name + "\" is invalid: " + FieldError.join(errors), null);
      this.kind = kind;
      this.name = name;
      this.errors = List.copyOf(errors);
    }
    public String kind() { return kind; }
    public String name() { return name; }
    public List<FieldError> errors() { return errors; }
  }

  /** The request itself is malformed (bad JSON, an unknown field under strict validation, a bad selector). */
  public static final class BadRequest extends SkiffException {
    public BadRequest(String message) { super(message, null); }
    public BadRequest(String message, Throwable cause) { super(message, cause); }
  }

  /** The requested revision has been compacted away (HTTP 410). */
  public static final class Gone extends SkiffException {
    public Gone(String message) { super(message, null); }
  }

  /** A dependency (the store, a registry, the runtime) cannot be reached now; the caller may retry. */
  public static final class Unavailable extends SkiffException {
    public Unavailable(String message, Throwable cause) { super(message, cause); }
  }

  /** An operation did not finish within its deadline. */
  public static final class Timeout extends SkiffException {
    public Timeout(String message) { super(message, null); }
  }

  /** The caller presented no valid credentials. */
  public static final class Unauthorized extends SkiffException {
    public Unauthorized(String message) { super(message, null); }
  }

  /** The caller is known but may not do this. */
  public static final class Forbidden extends SkiffException {
    public Forbidden(String message) { super(message, null); }
  }

  /** A request body or object is larger than allowed. */
  public static final class TooLarge extends SkiffException {
    public TooLarge(String message) { super(message, null); }
  }

  /** The request body's media type cannot be read (HTTP 415). */
  public static final class UnsupportedMediaType extends SkiffException {
    public UnsupportedMediaType(String message) { super(message, null); }
  }

  /** The verb is not supported on this resource (HTTP 405). */
  public static final class MethodNotAllowed extends SkiffException {
    public MethodNotAllowed(String message) { super(message, null); }
  }

  /**
   * The request may not be done now and may be retried later (HTTP 429), as apimachinery's {@code NewTooManyRequests}:
   * for example an eviction that would violate a PodDisruptionBudget.
   */
  public static final class TooManyRequests extends SkiffException {
    /** One {@code details.causes[]} entry: its {@code reason} (a cause type such as {@code DisruptionBudget}) and message. */
    public record Cause(String reason, String message) {
      public Cause {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
      }
    }

    private final int retryAfterSeconds;
    private final List<Cause> causes;

    public TooManyRequests(String message, int retryAfterSeconds, List<Cause> causes) {
      super(message, null);
      this.retryAfterSeconds = retryAfterSeconds;
      this.causes = List.copyOf(causes);
    }

    /** The {@code details.retryAfterSeconds} (and {@code Retry-After} header) to send; 0 sends none. */
    public int retryAfterSeconds() { return retryAfterSeconds; }

    public List<Cause> causes() { return causes; }
  }

  /** A bug or an unexpected failure; shown to users as an internal error, logged with its stack once. */
  public static final class Internal extends SkiffException {
    public Internal(String message, Throwable cause) { super(message, cause); }
  }
}

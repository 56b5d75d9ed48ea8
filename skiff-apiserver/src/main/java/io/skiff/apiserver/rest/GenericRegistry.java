package io.skiff.apiserver.rest;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.skiff.apiserver.patch.ManagedFields;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.storage.ResourceStore;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Create, update and delete with the semantics every Kubernetes resource shares, as the apiserver's generic
 * registry {@code Store}: metadata set by the server, strategies for defaulting and validation, optimistic
 * concurrency, dry runs, graceful deletion and finalizers.
 */
public final class GenericRegistry {
  private static final char[] NAME_SUFFIX = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a delete did: the object is gone, or it is still there, terminating (graceful deletion, finalizers). */
  public record DeleteOutcome(HasMetadata object, boolean gone) {}

  /** Answers whether a namespace may receive new objects. */
  public interface NamespaceGate {
    /** Throws NotFound when {@code namespace} does not exist, Forbidden when it is terminating. */
    void checkCreate(String namespace);
  }

  private final ResourceType type;
  private final ResourceStore store;
  private final ResourceStrategy<HasMetadata> strategy;
  private final NamespaceGate namespaces;
  private final InstantSource clock;

  public GenericRegistry(ResourceType type, ResourceStore store, ResourceStrategy<HasMetadata> strategy, NamespaceGate namespaces,
      InstantSource clock) {
    this.type = type;
    this.store = store;
    this.strategy = strategy;
    this.namespaces = namespaces;
    this.clock = clock;
  }

  public ResourceType type() {
    return type;
  }

  public ResourceStore store() {
    return store;
  }

  public ResourceStrategy<HasMetadata> strategy() {
    return strategy;
  }

  /** Creates {@code object} in {@code namespace} (null for cluster-scoped types). */
  public HasMetadata create(String namespace, HasMetadata object, WriteOptions options) {
    ObjectMeta meta = metadata(object);
    checkKind(object);
    if (type.namespaced()) {
      if (meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(namespace)) {
        throw new SkiffException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.setNamespace(namespace);
    } else {
      meta.setNamespace(null);
    }
    if ((meta.getName() == null || meta.getName().isEmpty()) && meta.getGenerateName() != null && !meta.getGenerateName().isEmpty()) {
      meta.setName(generateName(meta.getGenerateName()));
    }
    meta.setUid(UUID.randomUUID().toString());
    meta.setCreationTimestamp(timestamp(clock.instant()));
    meta.setResourceVersion(null);
    meta.setDeletionTimestamp(null);
    meta.setDeletionGracePeriodSeconds(null);
    meta.setGeneration(1L);
    meta.setSelfLink(null);
    strategy.prepareForCreate(object);
    List<FieldError> errors = strategy.validate(object);
    if (!errors.isEmpty()) {
      throw new SkiffException.Invalid(qualifiedKind(), meta.getName() == null ? "" : meta.getName(), errors);
    }
    if (type.namespaced()) {
      namespaces.checkCreate(namespace);
    }
    object = recordManagedFields(null, object, options, "");
    if (options.dryRun()) {
      if (store.find(namespace, meta.getName()).isPresent()) {
        throw new SkiffException.AlreadyExists(new SkiffException.Subject(type.groupResource(), meta.getName()));
      }
      return object;
    }
    return store.create(object);
  }

  /**
   * Replaces the object (PUT), or only its status when {@code status} is set. A resourceVersion in the body makes
   * it conditional (409 on a mismatch); without one the update wins over concurrent writers.
   */
  public HasMetadata update(String namespace, String name, HasMetadata object, WriteOptions options, boolean status) {
    ObjectMeta meta = metadata(object);
    checkKind(object);
    if (meta.getName() != null && !meta.getName().isEmpty() && !meta.getName().equals(name)) {
      throw new SkiffException.BadRequest("the name of the object (" + meta.getName() + ") does not match the name on the URL (" + name + ")");
    }
    if (type.namespaced() && meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(namespace)) {
      throw new SkiffException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    Long expected = parseRevision(meta.getResourceVersion());
    return write(namespace, name, expected, old -> object, options, status);
  }

  /**
   * Applies {@code change} to the current object and stores the result with every rule of an update; retried on
   * a lost race unless {@code expectedRevision} pins the version.
   */
  public HasMetadata write(String namespace, String name, Long expectedRevision, UnaryOperator<HasMetadata> change, WriteOptions options,
      boolean status) {
    UnaryOperator<HasMetadata> tryUpdate = old -> {
      // `old` is the caller's own freshly decoded object: the change may work on it; validation keeps a copy.
      HasMetadata oldCopy = store.codec().copy(old);
      HasMetadata updated = change.apply(old);
      ObjectMeta meta = metadata(updated);
      ObjectMeta oldMeta = old.getMetadata();
      meta.setName(name);
      meta.setNamespace(type.namespaced() ? namespace : null);
      meta.setUid(oldMeta.getUid());
      meta.setCreationTimestamp(oldMeta.getCreationTimestamp());
      meta.setDeletionTimestamp(oldMeta.getDeletionTimestamp());
      meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
      meta.setGeneration(oldMeta.getGeneration());
      meta.setSelfLink(null);
      if (status) {
        strategy.prepareForStatusUpdate(updated, oldCopy);
      } else {
        strategy.prepareForUpdate(updated, oldCopy);
        if (specChanged(updated, oldCopy)) {
          meta.setGeneration((oldMeta.getGeneration() == null ? 0 : oldMeta.getGeneration()) + 1);
        }
      }
      if (oldMeta.getDeletionTimestamp() != null && addsFinalizer(meta, oldMeta)) {
        throw new SkiffException.Invalid(qualifiedKind(), name, List.of(FieldError.forbidden("metadata.finalizers",
            "no new finalizers can be added if the object is being deleted")));
      }
      List<FieldError> errors = strategy.validateUpdate(updated, oldCopy);
      if (!errors.isEmpty()) {
        throw new SkiffException.Invalid(qualifiedKind(), name, errors);
      }
      meta.setResourceVersion(null);
      return recordManagedFields(oldCopy, updated, options, status ? "status" : "");
    };
    if (options.dryRun()) {
      HasMetadata current = store.get(namespace, name);
      if (expectedRevision != null && !Objects.equals(current.getMetadata().getResourceVersion(), Long.toString(expectedRevision))) {
        throw SkiffException.Conflict.optimisticLock(new SkiffException.Subject(type.groupResource(), name));
      }
      return tryUpdate.apply(current);
    }
    HasMetadata result = store.guaranteedUpdate(namespace, name, expectedRevision, tryUpdate);
    return finishIfDeletable(namespace, name, result);
  }

  /**
   * Records an ordinary write in managedFields as Kubernetes does: the manager's {@code Update} entry gets the fields
   * the write set or changed, other managers lose them. Server-side apply and the server's own writes are left as
   * they are.
   */
  private HasMetadata recordManagedFields(HasMetadata old, HasMetadata updated, WriteOptions options, String subresource) {
    Optional<String> manager = options.updateManager();
    if (manager.isEmpty()) {
      return updated;
    }
    String rv = updated.getMetadata().getResourceVersion();
    var tree = ManagedFields.recordUpdate(old == null ? null : store.codec().tree(old), store.codec().tree(updated), type, manager.get(),
        subresource, clock.instant());
    HasMetadata recorded = store.codec().fromTree(tree, updated);
    recorded.getMetadata().setResourceVersion(rv);
    return recorded;
  }

  /** An object being deleted whose last finalizer went, and whose grace period is over, is removed now. */
  private HasMetadata finishIfDeletable(String namespace, String name, HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    boolean noFinalizers = meta.getFinalizers() == null || meta.getFinalizers().isEmpty();
    boolean graceOver = meta.getDeletionGracePeriodSeconds() == null || meta.getDeletionGracePeriodSeconds() == 0;
    if (meta.getDeletionTimestamp() != null && noFinalizers && graceOver) {
      try {
        return store.delete(namespace, name, Long.parseLong(meta.getResourceVersion()));
      } catch (SkiffException.NotFound | SkiffException.Conflict e) {
        return object;
      }
    }
    return object;
  }

  /**
   * Deletes as Kubernetes does: preconditions first; a graceful deletion (pods on a node) only sets
   * deletionTimestamp and the grace period; an object with finalizers stays, terminating, until they are removed.
   */
  public DeleteOutcome delete(String namespace, String name, DeleteOptions options, boolean dryRun) {
    DeleteOptions opts = options == null ? new DeleteOptions() : options;
    while (true) {
      HasMetadata current = store.get(namespace, name);
      ObjectMeta meta = current.getMetadata();
      checkPreconditions(name, meta, opts.getPreconditions());
      strategy.checkDelete(current);
      long revision = Long.parseLong(meta.getResourceVersion());
      long grace = gracePeriod(current, opts);
      boolean hasFinalizers = meta.getFinalizers() != null && !meta.getFinalizers().isEmpty();
      if (grace > 0 || hasFinalizers) {
        if (dryRun) {
          return new DeleteOutcome(current, false);
        }
        Instant now = clock.instant();
        try {
          HasMetadata updated = store.guaranteedUpdate(namespace, name, revision, o -> {
            ObjectMeta m = o.getMetadata();
            long effective = grace;
            if (m.getDeletionTimestamp() != null && m.getDeletionGracePeriodSeconds() != null) {
              effective = Math.min(effective, m.getDeletionGracePeriodSeconds());
              if (effective == m.getDeletionGracePeriodSeconds()) {
                return o;
              }
            }
            m.setDeletionTimestamp(timestamp(now.plusSeconds(effective)));
            m.setDeletionGracePeriodSeconds(effective);
            if (m.getGeneration() != null) {
              m.setGeneration(m.getGeneration() + 1);
            }
            return o;
          });
          if (!hasFinalizers && updated.getMetadata().getDeletionGracePeriodSeconds() == 0) {
            return new DeleteOutcome(store.delete(namespace, name, Long.parseLong(updated.getMetadata().getResourceVersion())), true);
          }
          return new DeleteOutcome(updated, false);
        } catch (SkiffException.Conflict e) {
          continue;
        }
      }
      if (dryRun) {
        return new DeleteOutcome(current, true);
      }
      try {
        return new DeleteOutcome(store.delete(namespace, name, revision), true);
      } catch (SkiffException.Conflict e) {
        if (opts.getPreconditions() != null && opts.getPreconditions().getResourceVersion() != null) {
          throw e;
        }
      }
    }
  }

  /**
   * The grace period of this delete: the request's, else the object's own default (pods: terminationGracePeriodSeconds);
   * 0 for objects that are not gracefully deleted, and for pods that no node runs.
   */
  private long gracePeriod(HasMetadata object, DeleteOptions opts) {
    if (!(object instanceof io.fabric8.kubernetes.api.model.Pod pod)) {
      return 0;
    }
    Long requested = opts.getGracePeriodSeconds();
    long grace = requested != null ? requested
        : pod.getSpec() != null && pod.getSpec().getTerminationGracePeriodSeconds() != null ? pod.getSpec().getTerminationGracePeriodSeconds() : 30;
    if (grace < 0) {
      grace = 1;
    }
    boolean unscheduled = pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (unscheduled || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      return 0;
    }
    return grace;
  }

  private void checkPreconditions(String name, ObjectMeta meta, Preconditions pre) {
    if (pre == null) {
      return;
    }
    if (pre.getUid() != null && !pre.getUid().equals(meta.getUid())) {
      throw new SkiffException.Conflict(new SkiffException.Subject(type.groupResource(), name),
          "Precondition failed: UID in precondition: " + pre.getUid() + ", UID in object meta: " + meta.getUid());
    }
    if (pre.getResourceVersion() != null && !pre.getResourceVersion().equals(meta.getResourceVersion())) {
      throw new SkiffException.Conflict(new SkiffException.Subject(type.groupResource(), name),
          "Precondition failed: ResourceVersion in precondition: " + pre.getResourceVersion() + ", ResourceVersion in object meta: "
              + meta.getResourceVersion());
    }
  }

  private void checkKind(HasMetadata object) {
    String kind = object.getKind();
    if (kind != null && !kind.isEmpty() && !kind.equals(type.kind())) {
      throw new SkiffException.BadRequest("the kind of the object (" + kind + ") does not match the resource " + type.groupResource()
          + " (" + type.kind() + ")");
    }
    object.setApiVersion(type.apiVersion());
  }

  /** Kubernetes' {@code GroupKind.String()}, as Invalid errors name the kind: {@code Pod}, {@code PriorityClass.scheduling.k8s.io}. */
  private String qualifiedKind() {
    return type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
  }

  private static boolean specChanged(HasMetadata a, HasMetadata b) {
    try {
      Object specA = a.getClass().getMethod("getSpec").invoke(a);
      Object specB = b.getClass().getMethod("getSpec").invoke(b);
      return !Objects.equals(specA, specB);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private static boolean addsFinalizer(ObjectMeta meta, ObjectMeta old) {
    List<String> now = meta.getFinalizers() == null ? List.of() : meta.getFinalizers();
    List<String> before = old.getFinalizers() == null ? List.of() : old.getFinalizers();
    return !before.containsAll(now);
  }

  private static ObjectMeta metadata(HasMetadata object) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    return object.getMetadata();
  }

  static Long parseRevision(String rv) {
    if (rv == null || rv.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw new SkiffException.BadRequest("invalid resourceVersion: " + rv);
    }
  }

  private static String generateName(String base) {
    String prefix = base.length() > 58 ? base.substring(0, 58) : base;
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < 5; i++) {
      b.append(NAME_SUFFIX[RANDOM.nextInt(NAME_SUFFIX.length)]);
    }
    return b.toString();
  }

  /** RFC 3339 at second precision, as Kubernetes' metav1.Time. */
  public static String timestamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Objects of this registry in {@code namespace} (all namespaces when null), for controllers in this process. */
  public List<HasMetadata> snapshot(String namespace) {
    String prefix = namespace == null || !type.namespaced() ? type.keyPrefix() : type.keyPrefix() + namespace + "/";
    return new ArrayList<>(store.consistentSnapshot(prefix).items());
  }
}

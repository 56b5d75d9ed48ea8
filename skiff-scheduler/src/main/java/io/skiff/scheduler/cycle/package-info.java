/**
 * One scheduling attempt for one pod (Kubernetes' {@code scheduleOne}): snapshot, place, then bind and report
 * {@code Scheduled}, or report {@code FailedScheduling} and mark the pod unschedulable, after evicting the victims
 * preemption chose and nominating the pod to their node. The effects on the API go through four narrow interfaces
 * declared here ({@link io.skiff.scheduler.cycle.Binder}, {@link io.skiff.scheduler.cycle.EventRecorder}, {@link
 * io.skiff.scheduler.cycle.PodStatusWriter}, {@link io.skiff.scheduler.cycle.Preemptor}), implemented over
 * fabric8 in {@code io.skiff.scheduler.client} and by fakes in the tests.
 */
package io.skiff.scheduler.cycle;

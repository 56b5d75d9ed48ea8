/**
 * Running pods: one worker per pod ({@link io.skiff.kubelet.pod.PodWorkers}), the pure planner
 * ({@link io.skiff.kubelet.pod.PodActionPlanner}, the kubelet's computePodActions) and the syncer that carries its
 * actions out on the runtime ({@link io.skiff.kubelet.pod.PodSyncer}): sandbox, images, init containers, app
 * containers, crash-loop back-off, termination and clean-up. Also the container spec's translation into the
 * runtime's config (command and args, environment, user, mounts, limits).
 */
package io.skiff.kubelet.pod;

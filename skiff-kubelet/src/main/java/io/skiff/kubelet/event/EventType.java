package io.skiff.kubelet.event;

/** An event's type, as Kubernetes spells it. */
public enum EventType { Normal, Warning }

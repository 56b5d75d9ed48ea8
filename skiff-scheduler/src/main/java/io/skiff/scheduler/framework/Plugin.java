package io.skiff.scheduler.framework;

/** A scheduling plugin, known by the name Kubernetes gives the same behaviour (e.g. {@code NodeResourcesFit}). */
public interface Plugin {
  String name();
}

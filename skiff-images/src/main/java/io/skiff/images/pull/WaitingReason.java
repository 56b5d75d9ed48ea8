package io.skiff.images.pull;

/** Container waiting reasons of image handling, with Kubernetes' exact spelling. */
public enum WaitingReason {
  ErrImagePull,
  ImagePullBackOff,
  ErrImageNeverPull,
  InvalidImageName;

  /** The reason as the API shows it. */
  public String text() {
    return name();
  }
}

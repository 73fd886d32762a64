package io.trustgate.core.decision;

/**
 * One outcome of judging one image occurrence against one policy.
 *
 * @param fieldPath where the image sits in the object, e.g. {@code spec.containers[1].image}
 * @param image the image reference as written
 * @param policy the policy that raised it, or null when no policy is involved
 * @param message one human sentence; for recalls it contains the publisher's reason verbatim
 */
public record Finding(
    Reason reason, Level level, String fieldPath, String image, String policy, String message) {

  /** DENY blocks admission; WARN admits with a warning. */
  public enum Level {
    DENY,
    WARN
  }

  public boolean denies() {
    return level == Level.DENY;
  }

  /** The same finding, downgraded to a warning (policy in Warn mode). */
  public Finding asWarning() {
    return level == Level.WARN ? this : new Finding(reason, Level.WARN, fieldPath, image, policy, message);
  }

  /** {@code spec.containers[0].image ghcr.io/x:v1@sha256:…: recalled by policy forge: …}. */
  public String line() {
    return fieldPath + " " + (image == null || image.isEmpty() ? "(no image)" : image) + ": " + message;
  }

  @Override
  public String toString() {
    return level + " " + reason + " " + line();
  }
}

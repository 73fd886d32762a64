package io.trustgate.webhook.admission;

/**
 * Who and what an admission review is about, as read from its {@code request}; strings are
 * {@code ""} when absent.
 *
 * @param uid echoed in the response
 * @param kind {@code request.kind.kind} (falling back to the object's own {@code kind}), e.g.
 *     {@code Deployment}; the API group is ignored
 * @param subResource e.g. {@code ephemeralcontainers}
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param name {@code request.name}, else the object's {@code metadata.name} or {@code
 *     generateName} (the request carries no name for generated names)
 * @param dryRun true when the apiserver will not persist the object: callers that count or act on
 *     admissions may want to skip these
 */
public record ReviewedRequest(
    String uid,
    String kind,
    String subResource,
    String operation,
    String namespace,
    String name,
    boolean dryRun) {

  /** {@code Deployment prod/web}, or {@code Pod web} without a namespace, for messages and logs. */
  public String describe() {
    String who = namespace.isEmpty() ? name : namespace + "/" + name;
    return (kind + " " + who).strip();
  }
}

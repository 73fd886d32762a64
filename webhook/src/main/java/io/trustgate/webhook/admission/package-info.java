/**
 * AdmissionReview v1 in, AdmissionReview v1 out, with no HTTP and no Kubernetes client. One
 * direction: {@code AdmissionReviewReader} reads the envelope once into a tree, {@link
 * io.trustgate.core.workload.WorkloadImages} finds the images of the new object, the {@link
 * io.trustgate.core.decision.DecisionEngine} judges them, and {@code AdmissionReviewWriter} words
 * the response. {@link io.trustgate.webhook.admission.AdmissionReviewHandler} is the entry point.
 */
package io.trustgate.webhook.admission;

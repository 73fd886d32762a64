/**
 * From Kubernetes objects to the images they would run: {@link
 * io.trustgate.core.workload.WorkloadImages} walks the pod spec of Pods and the built-in
 * workload kinds, {@link io.trustgate.core.workload.WorkloadDocuments} reads objects from YAML
 * files for offline checks.
 */
package io.trustgate.core.workload;

package io.trustgate.operator.policy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.trustgate.api.v1alpha1.TrustPolicy;
import java.util.stream.Collectors;

/**
 * The operator framework's view of {@link PolicyReconciliation}: patches the status only (never
 * the spec), skips the patch when nothing changed, and asks to be called again for the next
 * revocation-list refresh. No finalizer: deleting a policy never waits for the operator; what
 * is kept in memory for deleted policies is dropped on the next reconcile of any policy.
 */
@ControllerConfiguration(name = "trustpolicy")
public final class TrustPolicyReconciler implements Reconciler<TrustPolicy> {
  private final PolicyReconciliation reconciliation;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public TrustPolicyReconciler(PolicyReconciliation reconciliation) {
    this.reconciliation = reconciliation;
  }

  @Override
  public UpdateControl<TrustPolicy> reconcile(TrustPolicy policy, Context<TrustPolicy> context) {
    reconciliation.retainOnly(context.getPrimaryCache().list()
        .map(p -> p.getMetadata().getName()).collect(Collectors.toSet()));
    PolicyReconciliation.Result result = reconciliation.reconcile(policy);
    boolean changed = policy.getStatus() == null
        || !serialization.asJson(policy.getStatus()).equals(serialization.asJson(result.status()));
    UpdateControl<TrustPolicy> control;
    if (changed) {
      policy.setStatus(result.status());
      control = UpdateControl.patchStatus(policy);
    } else {
      control = UpdateControl.noUpdate();
    }
    result.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }
}

package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.Admission;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import io.trustgate.e2e.support.Releases;
import io.trustgate.e2e.support.Workloads;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pods: what a developer sees on create, update, dry run and ephemeral containers. */
@ExtendWith(E2eExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(10)
class PodAdmissionE2eIT {
  static final String NS = "e2e-pods";
  static final String RECALL_REASON = "CVE-2026-1234: remote shell in the dev image; upgrade to 1.0.0";

  KubernetesClient admin;
  Releases releases;
  String signed;
  String signedArm;
  String recalled;

  @BeforeAll
  void publishReleasesAndPolicy(E2eCluster cluster) {
    admin = cluster.admin();
    cluster.namespace(NS);
    releases = new Releases(admin, "pods");
    signed = releases.release("1.0.0", "x86_64");
    signedArm = releases.release("1.0.0", "aarch64");
    recalled = releases.release("0.9.0", "x86_64");
    releases.publishList(1, "2026-05-15T00:00:00Z", "0.9.0 dev x86_64 " + RECALL_REASON);
    admin.resources(TrustPolicy.class).resource(releases.policy("pods")).create();
    cluster.awaitWebhookAnswering(releases, NS);
    Eventually.await("the webhook to deny the recalled release", Duration.ofMinutes(1), () -> {
      try {
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "wait-recall", recalled)).dryRun().create();
        return false;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage().contains("recalled by policy pods");
      }
    });
  }

  @Test
  void signedPodIsAdmitted() {
    Pod created = admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "signed", signed, signedArm)).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(admin.pods().inNamespace(NS).withName("signed").get()).isNotNull();
  }

  @Test
  void unpinnedImageIsDenied() {
    String image = releases.image() + ":v1.0.0";
    Admission a = Admission.refused("unpinned Pod", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "unpinned", image)).create())
        .deniedByTrustgate("Pod", NS, "unpinned");
    assertThat(a.message()).contains("spec.containers[0].image " + image + ": not pinned by digest: policy pods requires "
        + image + "@sha256:<digest>");
    assertThat(a.kubectl()).startsWith("Error from server (Forbidden): error when creating \"STDIN\": admission webhook "
        + "\"workloads.trustgate.io\" denied the request: trustgate denied Pod e2e-pods/unpinned:\n");
  }

  @Test
  void unlistedDigestIsDenied() {
    String image = releases.unlisted("1.0.0");
    Admission a = Admission.refused("unlisted Pod", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "unlisted", image)).create())
        .deniedByTrustgate("Pod", NS, "unlisted");
    assertThat(a.message()).contains("spec.containers[0].image " + image + ":").contains("is not listed in the verified release manifests");
  }

  @Test
  void imageOfAManifestChangedAfterSigningIsDenied() {
    String image = releases.tampered("1.1.0", "x86_64");
    Admission a = Admission.refused("tampered manifest", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "tampered", image)).create())
        .deniedByTrustgate("Pod", NS, "tampered");
    assertThat(a.message()).contains("spec.containers[0].image " + image + ":").containsIgnoringCase("signature");
  }

  @Test
  void recalledImageIsDeniedWithTheReasonVerbatim() {
    Admission a = Admission.refused("recalled Pod", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "recalled", signed, recalled)).create())
        .deniedByTrustgate("Pod", NS, "recalled");
    assertThat(a.message()).contains("spec.containers[1].image " + recalled + ": recalled by policy pods: " + RECALL_REASON
        + " (0.9.0 dev/x86_64, revoked 2026-05-15T00:00:00Z)");
    assertThat(a.message()).doesNotContain("spec.containers[0]");
  }

  @Test
  void serverSideDryRunShowsTheDenialAndCreatesNothing() {
    Admission a = Admission.refused("dry-run Pod", () ->
        admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "dry", recalled)).dryRun().create())
        .deniedByTrustgate("Pod", NS, "dry");
    assertThat(a.message()).contains(RECALL_REASON);
    assertThat(admin.pods().inNamespace(NS).withName("dry").get()).isNull();
    Pod admitted = admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "dry-ok", signed)).dryRun().create();
    assertThat(admitted.getMetadata().getName()).isEqualTo("dry-ok");
    assertThat(admin.pods().inNamespace(NS).withName("dry-ok").get()).isNull();
  }

  @Test
  void podUpdateThatChangesAnImageIsJudged() {
    admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "updated", signed)).create();
    Admission a = Admission.refused("Pod image update", () -> admin.pods().inNamespace(NS).withName("updated")
        .edit(p -> { p.getSpec().getContainers().get(0).setImage(recalled); return p; }))
        .deniedByTrustgate("Pod", NS, "updated");
    assertThat(a.message()).contains("spec.containers[0].image " + recalled + ": recalled by policy pods");
    assertThat(admin.pods().inNamespace(NS).withName("updated").get().getSpec().getContainers().get(0).getImage()).isEqualTo(signed);
  }

  @Test
  void ephemeralContainersAreJudgedThroughTheirSubresource() {
    admin.pods().inNamespace(NS).resource(Workloads.pod(NS, "debugged", signed)).create();
    Admission a = Admission.refused("ephemeral container", () -> admin.pods().inNamespace(NS).withName("debugged")
        .ephemeralContainers().edit(p -> {
          p.getSpec().getEphemeralContainers().add(new EphemeralContainerBuilder().withName("debug").withImage(recalled).build());
          return p;
        }))
        .deniedByTrustgate("Pod", NS, "debugged");
    assertThat(a.message()).contains("spec.ephemeralContainers[0].image " + recalled + ": recalled by policy pods");

    Pod debugged = admin.pods().inNamespace(NS).withName("debugged").ephemeralContainers().edit(p -> {
      p.getSpec().getEphemeralContainers().add(new EphemeralContainerBuilder().withName("debug").withImage(signedArm).build());
      return p;
    });
    assertThat(debugged.getSpec().getEphemeralContainers()).extracting(c -> c.getImage()).containsExactly(signedArm);
  }

  @Test
  void exemptNamespacesAreNotJudged() {
    for (String ns : new String[] {"kube-system", E2eCluster.SYSTEM_NAMESPACE}) {
      Pod pod = Workloads.pod(ns, "exempt-recalled", recalled);
      // trustgate-system enforces the restricted Pod Security Standard.
      pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
          .withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build());
      pod.getSpec().getContainers().get(0).setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
          .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().build());
      Pod created = admin.pods().inNamespace(ns).resource(pod).create();
      assertThat(created.getMetadata().getUid()).as("recalled image admitted in %s", ns).isNotBlank();
    }
  }
}

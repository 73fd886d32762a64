package io.trustgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.trustgate.api.v1alpha1.TrustPolicy;
import io.trustgate.e2e.support.Admission;
import io.trustgate.e2e.support.E2eCluster;
import io.trustgate.e2e.support.E2eExtension;
import io.trustgate.e2e.support.Eventually;
import io.trustgate.e2e.support.Releases;
import io.trustgate.e2e.support.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every workload kind is denied at its own level; admitted ones reach Pods through the controllers. */
@ExtendWith(E2eExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(20)
class WorkloadKindsE2eIT {
  static final String NS = "e2e-kinds";

  KubernetesClient admin;
  Releases releases;
  String signed;

  @BeforeAll
  void publishReleasesAndPolicy(E2eCluster cluster) {
    admin = cluster.admin();
    cluster.namespace(NS);
    releases = new Releases(admin, "kinds");
    signed = releases.release("2.0.0", "x86_64");
    releases.publishList(1, "2026-05-15T00:00:00Z");
    admin.resources(TrustPolicy.class).resource(releases.policy("kinds")).create();
    cluster.awaitWebhookAnswering(releases, NS);
  }

  Stream<Arguments> kinds() {
    Map<String, String> labels = Map.of("app", "x");
    Function<String, HasMetadata> deployment = image -> new DeploymentBuilder().withNewMetadata().withName("deploy").withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector().withTemplate(Workloads.template("x", image)).endSpec().build();
    Function<String, HasMetadata> statefulSet = image -> new StatefulSetBuilder().withNewMetadata().withName("sts").withNamespace(NS).endMetadata()
        .withNewSpec().withServiceName("sts").withNewSelector().withMatchLabels(labels).endSelector().withTemplate(Workloads.template("x", image)).endSpec().build();
    Function<String, HasMetadata> daemonSet = image -> new DaemonSetBuilder().withNewMetadata().withName("ds").withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector().withTemplate(Workloads.template("x", image)).endSpec().build();
    Function<String, HasMetadata> replicaSet = image -> new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector().withTemplate(Workloads.template("x", image)).endSpec().build();
    Function<String, HasMetadata> rc = image -> new ReplicationControllerBuilder().withNewMetadata().withName("rc").withNamespace(NS).endMetadata()
        .withNewSpec().withSelector(labels).withTemplate(Workloads.template("x", image)).endSpec().build();
    Function<String, HasMetadata> job = image -> {
      var t = Workloads.template("x", image);
      t.getSpec().setRestartPolicy("Never");
      return new JobBuilder().withNewMetadata().withName("job").withNamespace(NS).endMetadata().withNewSpec().withTemplate(t).endSpec().build();
    };
    Function<String, HasMetadata> cronJob = image -> {
      var t = Workloads.template("x", image);
      t.getSpec().setRestartPolicy("Never");
      return new CronJobBuilder().withNewMetadata().withName("cron").withNamespace(NS).endMetadata()
          .withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withTemplate(t).endSpec().endJobTemplate().endSpec().build();
    };
    String template = "spec.template.spec.containers[0].image";
    return Stream.of(
        Arguments.of("Deployment", deployment, template),
        Arguments.of("StatefulSet", statefulSet, template),
        Arguments.of("DaemonSet", daemonSet, template),
        Arguments.of("ReplicaSet", replicaSet, template),
        Arguments.of("ReplicationController", rc, template),
        Arguments.of("Job", job, template),
        Arguments.of("CronJob", cronJob, "spec.jobTemplate.spec.template.spec.containers[0].image"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyWorkloadKindIsDeniedAtItsOwnLevel(String kind, Function<String, HasMetadata> workload, String field) {
    String unlisted = releases.unlisted("2.0.0");
    HasMetadata object = workload.apply(unlisted);
    Admission a = Admission.refused(kind, () -> admin.resource(object).create())
        .deniedByTrustgate(kind, NS, object.getMetadata().getName());
    assertThat(a.message()).contains(field + " " + unlisted + ":");
    assertThat(admin.resource(object).get()).isNull();
  }

  @Test
  void deploymentReachesPodsThroughReplicaSetWhenSigned() {
    admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
        .withTemplate(Workloads.template("web", signed)).endSpec().build()).create();
    Duration took = Eventually.await("the controllers to create 2 Pods of deployment web", Duration.ofMinutes(2),
        () -> admin.pods().inNamespace(NS).withLabel("app", "web").list().getItems().size() == 2);
    List<Pod> pods = admin.pods().inNamespace(NS).withLabel("app", "web").list().getItems();
    assertThat(pods).allSatisfy(p -> {
      assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo(signed);
      assertThat(p.getMetadata().getOwnerReferences()).extracting(o -> o.getKind()).containsExactly("ReplicaSet");
    });
    E2eCluster.log("Deployment -> ReplicaSet -> 2 Pods admitted through kube-controller-manager in %d ms", took.toMillis());
  }
}

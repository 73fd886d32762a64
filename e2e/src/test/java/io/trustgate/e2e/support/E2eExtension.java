package io.trustgate.e2e.support;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a scenario class against the shared {@link E2eCluster}, started on first use and stopped
 * when the whole test run ends; skips it (with the reason and how to run it) when the
 * Kubernetes binaries or the trustgate jars are not there.
 */
public final class E2eExtension implements ExecutionCondition, ParameterResolver {
  static final E2eSettings SETTINGS = E2eSettings.fromSystemProperties();
  private static volatile Optional<String> skipped;

  /** Why the suite did not run, if it did not; empty once it ran or was never asked. */
  static Optional<String> skipReason() {
    return skipped == null ? Optional.empty() : skipped;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> missing = SETTINGS.missing();
    skipped = missing;
    return missing.map(why -> ConditionEvaluationResult.disabled("end-to-end suite skipped: " + why))
        .orElse(ConditionEvaluationResult.enabled("Kubernetes binaries found in " + SETTINGS.binaryDir()));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == E2eCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(E2eCluster.class, k -> start(), E2eCluster.class);
  }

  private static volatile RuntimeException startFailure;

  private static E2eCluster start() {
    if (startFailure != null) {
      throw new IllegalStateException("the e2e cluster did not start (see the first failure)", startFailure);
    }
    try {
      E2eCluster cluster = new E2eCluster(SETTINGS);
      // A test JVM stopped early (Ctrl-C, a fork timeout) must not leave the control plane running.
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "e2e-cluster-stop"));
      try {
        cluster.start();
      } catch (RuntimeException | java.io.IOException | Error e) {
        cluster.close();
        startFailure = new IllegalStateException("the e2e cluster did not start: " + e, e);
        throw e;
      }
      return cluster;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

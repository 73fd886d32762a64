package io.trustgate.e2e.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the suite's closing line, {@code e2e: N passed, M failed (Kubernetes v1.28.0)}, or, when
 * the Kubernetes binaries are absent, that the suite was skipped and how to run it. Registered
 * through META-INF/services, so it runs in every JUnit launch of this module.
 */
public final class E2eSummary implements TestExecutionListener {
  private final AtomicInteger passed = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private long started;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    started = System.nanoTime();
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (test.isTest()) {
      skipped.incrementAndGet();
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (!test.isTest()) {
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && test.isContainer() && test.getParentId().isPresent()) {
        failed.incrementAndGet();  // a class whose set-up failed counts once
      }
      return;
    }
    switch (result.getStatus()) {
      case SUCCESSFUL -> passed.incrementAndGet();
      case ABORTED -> skipped.incrementAndGet();
      case FAILED -> failed.incrementAndGet();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    String excluded = System.getProperty("trustgate.e2e.excludedGroups", "");
    if (E2eExtension.skipReason().isPresent()) {
      System.out.println("e2e: SKIPPED, the end-to-end suite did not run: " + E2eExtension.skipReason().get() + ".");
      System.out.println("e2e: to run it, install kube-apiserver, etcd and kube-controller-manager v"
          + E2eSettings.KUBERNETES_VERSION + " into " + E2eExtension.SETTINGS.binaryDir()
          + " (../shared/k8s/install.sh " + E2eExtension.SETTINGS.kubeApiTestDir() + ") and run mvn -B verify, or run .ci/run");
      return;
    }
    if (passed.get() + failed.get() == 0) {
      return;
    }
    if (!excluded.isBlank()) {
      System.out.println("e2e: scenarios tagged " + excluded + " were left out of this run (-De2e.excludedGroups)");
    }
    System.out.println("e2e: suite time " + seconds + " s" + (skipped.get() > 0 ? ", " + skipped.get() + " skipped" : ""));
    System.out.println("e2e: " + passed.get() + " passed, " + failed.get() + " failed (Kubernetes v"
        + E2eSettings.KUBERNETES_VERSION + ")");
  }
}

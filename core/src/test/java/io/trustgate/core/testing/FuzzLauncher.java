package io.trustgate.core.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs one {@code @FuzzTest} method, as {@code bench/fuzz.sh} does for each target: with {@code
 * JAZZER_FUZZ=1} in the environment Jazzer fuzzes it, otherwise it replays its inputs. Jazzer
 * fuzzes a single target per JVM, hence one launch per target.
 *
 * <p>Usage: {@code FuzzLauncher fully.qualified.Class#method}; exits 1 when the target failed (a
 * finding), 0 otherwise.
 */
public final class FuzzLauncher {
  private FuzzLauncher() {}

  public static void main(String[] args) throws ClassNotFoundException {
    if (args.length != 1 || !args[0].contains("#")) {
      System.err.println("usage: FuzzLauncher <class>#<method>");
      System.exit(2);
    }
    Class<?> type = Class.forName(args[0].substring(0, args[0].indexOf('#')));
    String name = args[0].substring(args[0].indexOf('#') + 1);
    Method method = Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
    var request = LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(type, method)).build();
    var summary = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, summary);
    summary.getSummary().printTo(new PrintWriter(System.out, true));
    summary.getSummary().printFailuresTo(new PrintWriter(System.out, true), 40);
    long found = summary.getSummary().getTestsFoundCount();
    System.exit(found == 0 || summary.getSummary().getTotalFailureCount() > 0 ? 1 : 0);
  }
}

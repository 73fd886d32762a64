package io.trustgate.operator.reports;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether the recall scan writes wgpolicyk8s.io PolicyReports, and how often it rescans running
 * Pods so that reports follow Pods that are replaced, deleted or fixed.
 *
 * @param mode {@code auto}: when the PolicyReport CRD is installed; {@code on}: always (a missing
 *     CRD is logged); {@code off}: never
 * @param interval how often running Pods are judged again while reports are written
 */
public record PolicyReportSettings(Mode mode, Duration interval) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  /** The values of {@code --policy-reports}. */
  public enum Mode {
    AUTO,
    ON,
    OFF;

    public static Mode parse(String flag, String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(flag + " must be auto, on or off, got " + value);
      }
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public PolicyReportSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("--policy-report-interval must be at least 1s, got " + interval);
    }
  }

  public static PolicyReportSettings off() {
    return new PolicyReportSettings(Mode.OFF, DEFAULT_INTERVAL);
  }

  public static PolicyReportSettings defaults() {
    return new PolicyReportSettings(Mode.AUTO, DEFAULT_INTERVAL);
  }
}

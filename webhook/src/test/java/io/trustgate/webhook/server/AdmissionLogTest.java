package io.trustgate.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.trustgate.core.decision.Decision;
import io.trustgate.core.decision.Finding;
import io.trustgate.core.decision.Reason;
import io.trustgate.webhook.admission.ReviewOutcome;
import io.trustgate.webhook.admission.ReviewedRequest;
import io.trustgate.webhook.metrics.WebhookMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Which admissions get a log line, at which level, and that every one is counted. */
class AdmissionLogTest {
  static final ReviewedRequest REQUEST = new ReviewedRequest("uid-1", "Deployment", "", "CREATE", "dev", "web", false);
  static final Decision ALLOWED = new Decision(List.of(), List.of());
  static final Decision DENIED = new Decision(List.of(), List.of(
      new Finding(Reason.RECALLED, Finding.Level.DENY, "spec.template.spec.containers[0].image", "img", "forge", "r")));
  static final Decision HATCH = new Decision(List.of(), List.of(
      new Finding(Reason.ESCAPE_HATCH, Finding.Level.WARN, "spec.template.spec.containers[0].image", "img", "forge",
          "signature checks skipped")));

  final Logger logger = (Logger) LoggerFactory.getLogger("io.trustgate.webhook.admission");
  final ListAppender<ILoggingEvent> events = new ListAppender<>();
  final WebhookMetrics metrics = new WebhookMetrics(Clock.systemUTC());
  Level levelBefore;

  @BeforeEach
  void capture() {
    levelBefore = logger.getLevel();
    logger.setLevel(Level.INFO);
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void release() {
    logger.detachAppender(events);
    logger.setLevel(levelBefore);
  }

  static ReviewOutcome outcome(Decision decision) {
    return new ReviewOutcome(REQUEST, true, decision, Duration.ofNanos(15_000));
  }

  @Test
  void allowedAdmissionsAreCountedButNotLoggedAtInfoByDefault() {
    AdmissionLog log = new AdmissionLog(metrics, false);
    log.reviewed(outcome(ALLOWED));

    assertThat(events.list).isEmpty();
    assertThat(metrics.registry().get("trustgate.admission.requests").tag("decision", "allowed").counter().count())
        .isEqualTo(1);

    logger.setLevel(Level.DEBUG);
    log.reviewed(outcome(ALLOWED));
    assertThat(events.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(e.getFormattedMessage()).isEqualTo("allowed Deployment dev/web in 15 µs");
      assertThat(e.getMDCPropertyMap()).containsEntry("uid", "uid-1");
    });
  }

  @Test
  void withLogAllowedEveryAllowedAdmissionHasAnInfoLine() {
    new AdmissionLog(metrics, true).reviewed(outcome(ALLOWED));

    assertThat(events.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getFormattedMessage()).isEqualTo("allowed Deployment dev/web in 15 µs");
      assertThat(e.getMDCPropertyMap()).containsEntry("uid", "uid-1");
    });
  }

  @Test
  void deniedAdmissionsAreAlwaysLoggedAtInfo() {
    new AdmissionLog(metrics, false).reviewed(outcome(DENIED));

    assertThat(events.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getFormattedMessage())
          .isEqualTo("denied Deployment dev/web: [RECALLED spec.template.spec.containers[0].image]");
    });
    assertThat(metrics.registry().get("trustgate.admission.requests").tag("decision", "denied").counter().count())
        .isEqualTo(1);
  }

  @Test
  void admissionsThroughAnEscapeHatchAlwaysWarn() {
    new AdmissionLog(metrics, false).reviewed(outcome(HATCH));

    assertThat(events.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage())
          .isEqualTo("Deployment dev/web admitted through an escape hatch: [signature checks skipped]");
    });
  }

  @Test
  void reviewsNotJudgedAreCountedAndNeverLogged() {
    logger.setLevel(Level.DEBUG);
    new AdmissionLog(metrics, true).reviewed(new ReviewOutcome(REQUEST, false, ALLOWED, Duration.ofNanos(1_000)));

    assertThat(events.list).isEmpty();
    assertThat(metrics.registry().get("trustgate.admission.requests").counter().count()).isEqualTo(1);
  }
}

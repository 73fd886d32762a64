package io.trustgate.core.sigstore;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.json.ProtoJson;
import dev.sigstore.proto.common.v1.TimeRange;
import dev.sigstore.proto.trustroot.v1.TransparencyLogInstance;
import dev.sigstore.proto.trustroot.v1.TrustedRoot;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;

/**
 * Parses a {@code trusted_root.json} and rejects malformed ones at load time, before any bundle is
 * verified against them.
 *
 * <p>Beyond sigstore-java's own parsing it enforces what sigstore-java 2.0.0 lets through: a {@code
 * validFor} time range without its required {@code start} (sigstore-java reads it as 1970-01-01,
 * i.e. unbounded), a range that ends before it starts, and a missing or unknown media type ({@link
 * TrustedRootMediaType}).
 */
final class TrustedRootParser {
  private TrustedRootParser() {}

  static SigstoreTrustedRoot parse(byte[] json, String source) {
    TrustedRootMediaType.require(json, source);
    TrustedRoot.Builder proto = TrustedRoot.newBuilder();
    try {
      ProtoJson.parser().merge(new String(json, StandardCharsets.UTF_8), proto);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new TrustRootException(
          "trusted root " + source + " is not valid trusted-root JSON: " + Messages.detail(e), e);
    }
    requireNonEmpty(source, proto);
    checkTimeRanges(source, proto);
    // sigstore-java 2.0.0 knows only the parameter spelling; the versioned one is the same v0.1.
    proto.setMediaType(TrustedRootMediaType.PARAMETER_FORM);

    SigstoreTrustedRoot root;
    try {
      root = SigstoreTrustedRoot.from(proto);
      // Built here only to fail at load on unusable CA/TSA chains or CT log keys.
      FulcioVerifier.newFulcioVerifier(root);
      TimestampVerifier.newTimestampVerifier(root);
    } catch (SigstoreConfigurationException | GeneralSecurityException | RuntimeException e) {
      throw new TrustRootException(
          "trusted root " + source + " holds unusable key material: " + Messages.detail(e), e);
    }
    return root;
  }

  private static void requireNonEmpty(String source, TrustedRoot.Builder proto) {
    // Keyless verification needs all three; an empty section is a configuration mistake.
    if (proto.getCertificateAuthoritiesCount() == 0) {
      throw new TrustRootException("trusted root " + source + " has no certificate authorities");
    }
    if (proto.getTlogsCount() == 0) {
      throw new TrustRootException("trusted root " + source + " has no transparency logs");
    }
    if (proto.getCtlogsCount() == 0) {
      throw new TrustRootException(
          "trusted root " + source + " has no certificate transparency logs");
    }
  }

  private static void checkTimeRanges(String source, TrustedRoot.Builder proto) {
    for (int i = 0; i < proto.getCertificateAuthoritiesCount(); i++) {
      var ca = proto.getCertificateAuthorities(i);
      if (ca.hasValidFor()) {
        checkRange(source, "certificateAuthorities[" + i + "] " + ca.getUri(), ca.getValidFor());
      }
    }
    for (int i = 0; i < proto.getTimestampAuthoritiesCount(); i++) {
      var tsa = proto.getTimestampAuthorities(i);
      if (tsa.hasValidFor()) {
        checkRange(source, "timestampAuthorities[" + i + "] " + tsa.getUri(), tsa.getValidFor());
      }
    }
    checkLogs(source, "tlogs", proto.getTlogsList());
    checkLogs(source, "ctlogs", proto.getCtlogsList());
  }

  private static void checkLogs(String source, String field, List<TransparencyLogInstance> logs) {
    for (int i = 0; i < logs.size(); i++) {
      var key = logs.get(i).getPublicKey();
      if (key.hasValidFor()) {
        checkRange(source, field + "[" + i + "] " + logs.get(i).getBaseUrl(), key.getValidFor());
      }
    }
  }

  private static void checkRange(String source, String where, TimeRange range) {
    // protobuf-specs: TimeRange.start is required, end is optional; both are inclusive.
    if (!range.hasStart()) {
      throw new TrustRootException(
          "trusted root " + source + ": validFor of " + where + " has no start");
    }
    if (range.hasEnd() && instant(range.getEnd()).isBefore(instant(range.getStart()))) {
      throw new TrustRootException(
          "trusted root "
              + source
              + ": validFor of "
              + where
              + " ends ("
              + format(range.getEnd())
              + ") before it starts ("
              + format(range.getStart())
              + ")");
    }
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static String format(Timestamp t) {
    return instant(t).toString();
  }
}

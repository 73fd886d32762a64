package io.trustgate.webhook.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unexpected: logged with its stack trace here, a short 500 to the client, never the trace. */
@Produces(MediaType.APPLICATION_JSON)
@Singleton
@Requires(classes = {Exception.class, ExceptionHandler.class})
public final class ErrorHandlers implements ExceptionHandler<Exception, HttpResponse<byte[]>> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  @Override
  public HttpResponse<byte[]> handle(HttpRequest request, Exception exception) {
    LOG.error("unexpected error serving {} {}", request.getMethod(), request.getPath(), exception);
    return HttpResponse.<byte[]>status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(AdmissionController.error("internal error in the trustgate webhook; see its logs"));
  }
}

package io.github.ferrymail.examples.admin;

/** A request the admin API refuses: the status and the message to answer with. */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String allow;

  private HttpProblem(int status, String message, String allow) {
    super(message);
    this.status = status;
    this.allow = allow;
  }

  static HttpProblem badRequest(String message) {
    return new HttpProblem(400, message, null);
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, message, null);
  }

  static HttpProblem methodNotAllowed(String method, String allowed) {
    return new HttpProblem(405, "method " + method + " not allowed here; use " + allowed, allowed);
  }

  int status() {
    return status;
  }

  /** The methods the resource allows, for the {@code Allow} header of a 405; else null. */
  String allow() {
    return allow;
  }
}

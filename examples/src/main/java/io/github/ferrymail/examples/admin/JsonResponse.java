package io.github.ferrymail.examples.admin;

/**
 * An answer of the admin API.
 *
 * @param status the HTTP status
 * @param body the JSON body
 */
record JsonResponse(int status, String body) {
  static JsonResponse ok(String body) {
    return new JsonResponse(200, body);
  }
}

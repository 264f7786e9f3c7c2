package io.github.ferrymail.examples.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer of the admin API.
 *
 * @param status the HTTP status
 * @param body the JSON document
 */
record JsonResponse(int status, JsonNode body) {
  static JsonResponse ok(JsonNode body) {
    return new JsonResponse(200, body);
  }
}

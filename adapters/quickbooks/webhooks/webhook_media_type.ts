/**
 * The media types a QuickBooks webhook delivery may declare. Intuit's legacy notifications come as
 * `application/json`; its CloudEvents deliveries have been seen as `application/json`,
 * `application/cloudevents+json` and `application/cloudevents-batch+json`, and some relays drop
 * the header. The body, not the header, says which format it is (the signature covers the body
 * only), so every JSON media type is taken for either format.
 */

/** Media types named in the API description; any other `application/*+json` is taken too. */
export const WEBHOOK_JSON_MEDIA_TYPES = [
  "application/json",
  "application/cloudevents+json",
  "application/cloudevents-batch+json",
] as const;

/**
 * The bare media type of a `Content-Type` header (lower case, no parameters), or null when the
 * header is absent or blank.
 *
 * @example
 * ```ts
 * webhookMediaType("Application/CloudEvents-Batch+JSON; charset=utf-8"); // "application/cloudevents-batch+json"
 * webhookMediaType(null); // null
 * ```
 */
export function webhookMediaType(contentType: string | null): string | null {
  const bare = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return bare === "" ? null : bare;
}

/**
 * Whether a delivery with this `Content-Type` may hold JSON: no header, `application/json`, or a
 * structured `+json` suffix (RFC 6839) such as the CloudEvents ones. `text/xml`, `text/plain`,
 * form bodies and the like are not JSON.
 *
 * @example
 * ```ts
 * isJsonWebhookMediaType("application/cloudevents-batch+json"); // true
 * isJsonWebhookMediaType(null); // true
 * isJsonWebhookMediaType("text/xml"); // false
 * ```
 */
export function isJsonWebhookMediaType(contentType: string | null): boolean {
  const mediaType = webhookMediaType(contentType);
  if (mediaType === null || mediaType === "application/json") return true;
  return /^application\/[a-z0-9][a-z0-9!#$&^_.-]*\+json$/.test(mediaType);
}

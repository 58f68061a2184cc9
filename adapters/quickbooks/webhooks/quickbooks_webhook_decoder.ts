import type { WebhookDecoder, WebhookDecoding, WebhookEvent } from "../../../domain/ports/webhook_inbox.ts";
import { fromCloudEvent, fromLegacy } from "./webhook_event_mapping.ts";
import { cloudEventsPayloadSchema, legacyPayloadSchema } from "./webhook_payload_schemas.ts";
import { WebhookSignatureVerifier } from "./webhook_signature.ts";

/** QBO sends small notifications; anything bigger is not from QBO. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 256 * 1024;

const ACCEPTED_MEDIA_TYPES = new Set(["application/json", "application/cloudevents+json"]);

/**
 * Checks a delivery (size, media type, signature over the raw bytes) before parsing it, then
 * reads either format: legacy `eventNotifications` or a CloudEvents array. Events of unknown
 * types are skipped; a body matching neither format is malformed.
 */
export class QuickBooksWebhookDecoder implements WebhookDecoder {
  readonly #verifier: WebhookSignatureVerifier;
  readonly #maxBytes: number;

  constructor(options: { verifierToken: string; maxBytes?: number }) {
    this.#verifier = new WebhookSignatureVerifier(options.verifierToken);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
  }

  async decode(
    input: { rawBody: Uint8Array; signature: string | null; contentType: string | null },
  ): Promise<WebhookDecoding> {
    if (input.rawBody.length > this.#maxBytes) return { accepted: false, reason: "payload_too_large" };
    const mediaType = (input.contentType ?? "").split(";")[0].trim().toLowerCase();
    if (!ACCEPTED_MEDIA_TYPES.has(mediaType)) return { accepted: false, reason: "unsupported_media_type" };
    if (!input.signature) return { accepted: false, reason: "missing_signature" };
    if (!(await this.#verifier.verify(input.rawBody, input.signature))) {
      return { accepted: false, reason: "invalid_signature" };
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(input.rawBody));
    } catch {
      return { accepted: false, reason: "malformed_payload" };
    }
    const events = await parseEvents(body);
    return events === null ? { accepted: false, reason: "malformed_payload" } : { accepted: true, events };
  }
}

async function parseEvents(body: unknown): Promise<WebhookEvent[] | null> {
  if (Array.isArray(body)) {
    const cloud = cloudEventsPayloadSchema.safeParse(body);
    if (!cloud.success) return null;
    return cloud.data.map(fromCloudEvent).filter((event): event is WebhookEvent => event !== null);
  }
  const legacy = legacyPayloadSchema.safeParse(body);
  return legacy.success ? await fromLegacy(legacy.data) : null;
}

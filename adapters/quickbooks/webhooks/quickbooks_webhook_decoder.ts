import type { WebhookDecoder, WebhookDecoding, WebhookEvent } from "../../../domain/ports/webhook_inbox.ts";
import { fromCloudEvent, fromLegacy } from "./webhook_event_mapping.ts";
import {
  cloudEventSchema,
  cloudEventsPayloadSchema,
  legacyPayloadSchema,
} from "./webhook_payload_schemas.ts";
import { isJsonWebhookMediaType, webhookMediaType } from "./webhook_media_type.ts";
import { WebhookSignatureVerifier } from "./webhook_signature.ts";

/** QBO sends small notifications; anything bigger is not from QBO. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * Checks a delivery (size, then the signature over the raw bytes, then that its media type can be
 * JSON) before parsing it, then tells the format from the body: a legacy `eventNotifications`
 * object, a CloudEvents array, or one structured CloudEvent. The signature comes before the media
 * type so that an unsigned or forged body is refused as such whatever it declares, and a signed
 * one is never refused for naming one JSON media type rather than another (or none). Events of
 * unknown types are skipped; a body matching no format is malformed.
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
    if (!input.signature) return { accepted: false, reason: "missing_signature" };
    if (!(await this.#verifier.verify(input.rawBody, input.signature))) {
      return { accepted: false, reason: "invalid_signature" };
    }
    if (!isJsonWebhookMediaType(input.contentType)) {
      return {
        accepted: false,
        reason: "unsupported_media_type",
        mediaType: webhookMediaType(input.contentType) ?? undefined,
      };
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
    return cloud.success ? knownEvents(cloud.data.map(fromCloudEvent)) : null;
  }
  if (typeof body !== "object" || body === null) return null;
  if ("eventNotifications" in body) {
    const legacy = legacyPayloadSchema.safeParse(body);
    return legacy.success ? await fromLegacy(legacy.data) : null;
  }
  // CloudEvents' structured mode: one event as the whole body.
  const single = cloudEventSchema.safeParse(body);
  return single.success ? knownEvents([fromCloudEvent(single.data)]) : null;
}

function knownEvents(events: readonly (WebhookEvent | null)[]): WebhookEvent[] {
  return events.filter((event): event is WebhookEvent => event !== null);
}

import { Hono } from "hono";
import type { EmulatorClock } from "../contracts.ts";
import type { Doc } from "./company_state.ts";
import type { CompanyStore } from "./company_store.ts";

/**
 * The temporary download URLs of file attachables. QBO's `TempDownloadUri` is a presigned S3 URL
 * that works without a bearer token and expires after 15 minutes (`X-Amz-Expires=900` in the
 * recorded attachment__read_attachment__0; the Attachable reference: "The URL expires after 15
 * minutes"). The emulator serves the bytes itself under `/attachments/...` (outside `/v3`, so no
 * token), answers S3's XML errors, and stamps `Expires` (epoch seconds) when a response goes out.
 */
export const DOWNLOAD_URL_TTL_SECONDS = 900;

const CONTAINERS = new Set(["AttachableResponse", "QueryResponse", "BatchItemResponse", "CDCResponse"]);

/** The absolute, expiring form of a rendered attachable's TempDownloadUri path. */
export function temporaryDownloadUrl(base: string, path: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + DOWNLOAD_URL_TTL_SECONDS;
  return `${base}${path}?Expires=${expires}`;
}

/**
 * Makes every attachable's `TempDownloadUri` in a response body absolute and expiring (in place:
 * the body holds rendered copies, never stored objects). Looks only where attachables can be:
 * `Attachable`, `AttachableResponse`, query, batch and CDC answers.
 */
export function stampDownloadUrls(body: unknown, base: string, now: Date): void {
  if (Array.isArray(body)) {
    for (const item of body) stampDownloadUrls(item, base, now);
    return;
  }
  if (body === null || typeof body !== "object") return;
  for (const [key, value] of Object.entries(body as Doc)) {
    if (key === "Attachable") {
      for (const attachable of Array.isArray(value) ? value : [value]) {
        const doc = attachable as Doc | null;
        if (doc && typeof doc.TempDownloadUri === "string" && doc.TempDownloadUri.startsWith("/")) {
          doc.TempDownloadUri = temporaryDownloadUrl(base, doc.TempDownloadUri, now);
        }
      }
    } else if (CONTAINERS.has(key)) {
      stampDownloadUrls(value, base, now);
    }
  }
}

function s3Error(status: 403 | 404, code: string, message: string): Response {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new Response(xml, { status, headers: { "content-type": "application/xml" } });
}

/** Mount at `/attachments`: `GET /{realmId}/{attachableId}/{key}/{fileName}?Expires=`. */
export function attachmentDownloads(deps: { companies: CompanyStore; clock: EmulatorClock }): Hono {
  const app = new Hono();
  app.get("/:realmId/:id/:key/:fileName", (c) => {
    const state = deps.companies.company(c.req.param("realmId"));
    const id = c.req.param("id");
    const file = state?.files.get(id);
    const doc = state?.get("Attachable", id);
    if (!state || !file || !doc) return s3Error(404, "NoSuchKey", "The specified key does not exist.");
    if (file.key !== c.req.param("key")) return s3Error(403, "AccessDenied", "Access Denied");
    const expires = Number(c.req.query("Expires"));
    if (!Number.isFinite(expires) || expires * 1000 < deps.clock.now().getTime()) {
      return s3Error(403, "AccessDenied", "Request has expired");
    }
    const bytes = state.files.bytes(id)!;
    return new Response(bytes, {
      headers: {
        "content-type": String(doc.ContentType ?? "application/octet-stream"),
        "content-length": String(bytes.byteLength),
      },
    });
  });
  return app;
}

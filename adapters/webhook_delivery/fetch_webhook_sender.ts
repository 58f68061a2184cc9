import type { WebhookRequest, WebhookResponse, WebhookSender } from "../../domain/ports/webhook_sender.ts";

/** How much of a receiver's answer is kept for the attempt log. */
export const RESPONSE_BODY_LIMIT_BYTES = 4096;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Reads at most `limit` bytes of a body and drops the rest unread. */
async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const all = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, all.length - offset);
    all.set(part, offset);
    offset += part.length;
    if (offset >= all.length) break;
  }
  return new TextDecoder().decode(all);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const text = error.message + (cause instanceof Error ? `: ${cause.message}` : "");
    return /refused/i.test(text) ? `connection refused (${text})` : text;
  }
  return String(error);
}

/**
 * Webhook requests with the runtime's fetch: `redirect: "manual"` (a 3xx is an answer, never
 * followed), an abort after the attempt's time limit, at most RESPONSE_BODY_LIMIT_BYTES of the
 * answer read. Host names resolve through the runtime's resolver (A and AAAA).
 */
export function fetchWebhookSender(
  options: { readonly now?: () => number } = {},
): WebhookSender {
  const now = options.now ?? (() => performance.now());
  return {
    async resolve(hostname) {
      const host = hostname.replace(/^\[|\]$/g, "");
      if (IPV4.test(host) || host.includes(":")) return [host];
      const found: string[] = [];
      for (const type of ["A", "AAAA"] as const) {
        try {
          found.push(...await Deno.resolveDns(host, type));
        } catch {
          // No records of this type (or no answer): the other type may still have some.
        }
      }
      if (found.length === 0 && host === "localhost") return ["127.0.0.1", "::1"];
      return found;
    },
    async send(request: WebhookRequest): Promise<WebhookResponse> {
      const started = now();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), request.timeoutMs);
      try {
        const response = await fetch(request.url, {
          method: "POST",
          headers: request.headers,
          body: request.body,
          redirect: "manual",
          signal: controller.signal,
        });
        const body = await readLimited(response, RESPONSE_BODY_LIMIT_BYTES);
        return { statusCode: response.status, durationMs: Math.round(now() - started), error: null, body };
      } catch (error) {
        const timedOut = controller.signal.aborted;
        return {
          statusCode: null,
          durationMs: Math.round(now() - started),
          error: timedOut ? `timeout after ${request.timeoutMs} ms` : describe(error),
          body: "",
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

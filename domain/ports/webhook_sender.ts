/** Sends one webhook request: no redirects followed, a time limit, a bounded read of the answer. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface WebhookResponse {
  /** Null when no answer came (refused, reset, timed out). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  /** What went wrong without an answer (`timeout after 10000 ms`, `connection refused`...). */
  readonly error: string | null;
  /** At most the first few KiB of the body. */
  readonly body: string;
}

export interface WebhookSender {
  /** The addresses `hostname` resolves to (itself when it is an address); empty when it does not. */
  resolve(hostname: string): Promise<string[]>;
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

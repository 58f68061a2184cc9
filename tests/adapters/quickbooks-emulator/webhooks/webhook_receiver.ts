/** A loopback HTTP endpoint that records webhook posts and answers with scripted statuses. */

export interface ReceivedPost {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedPost[];
  close(): Promise<void>;
}

/** `statuses[i]` answers the i-th post; later posts get 200. */
export function startWebhookReceiver(statuses: number[] = []): WebhookReceiver {
  const received: ReceivedPost[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const body = await req.text();
    received.push({ path: new URL(req.url).pathname, headers: Object.fromEntries(req.headers), body });
    const status = statuses[received.length - 1] ?? 200;
    return new Response(status === 200 ? "" : "nope", { status });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/hooks/qbo`,
    received,
    close: () => server.shutdown(),
  };
}

/**
 * A tiny loopback HTTP server that answers like QuickBooks from recorded responses or scripted
 * ones, so adapter tests exercise the real client over the network without calling Intuit.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** Send the body verbatim (e.g. XML) instead of JSON. */
  readonly raw?: boolean;
  /** Close the connection without answering. */
  readonly drop?: boolean;
}

export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export class LoopbackQbo {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  #responder: Responder;
  #tidSequence = 0;

  constructor(responder: Responder) {
    this.#responder = responder;
    this.#server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: () => {},
      onError: () => new Response(null, { status: 500 }),
    }, async (request) => {
      const recorded: RecordedRequest = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.text(),
      };
      this.requests.push(recorded);
      const scripted = await this.#responder(recorded);
      if (scripted.drop) {
        // Headers go out, then the body stream breaks: the client sees a reset connection.
        const broken = new ReadableStream({ start: (controller) => controller.error(new Error("dropped")) });
        return new Response(broken, { status: 200, headers: { "content-type": "application/json" } });
      }
      const headers = new Headers(scripted.headers ?? {});
      headers.set("intuit_tid", `tid-${++this.#tidSequence}`);
      if (!headers.has("content-type")) {
        headers.set("content-type", scripted.raw ? "application/xml" : "application/json;charset=UTF-8");
      }
      const body = scripted.raw ? String(scripted.body) : JSON.stringify(scripted.body);
      return new Response(body, { status: scripted.status, headers });
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  respondWith(responder: Responder): void {
    this.#responder = responder;
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }
}

/** A recorded QBO response from /work/shared/fixtures/quickbooks-recorded/. */
export function recorded(name: string): ScriptedResponse {
  const text = Deno.readTextFileSync(
    new URL(`../../../../../shared/fixtures/quickbooks-recorded/${name}`, import.meta.url),
  );
  const fixture = JSON.parse(text) as { status: number; response: unknown };
  return { status: fixture.status, body: fixture.response };
}

/** Responds with each scripted response in turn, then repeats the last. */
export function sequence(...responses: ScriptedResponse[]): Responder {
  let index = 0;
  return () => responses[Math.min(index++, responses.length - 1)];
}

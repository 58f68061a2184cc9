/**
 * A response the client experiences as a network failure. Hono cannot close a socket, but a body
 * stream that errors makes the server abort the connection mid-response: fetch and axios then fail
 * with a network error instead of receiving a status they could parse.
 */

/** Marker error, so logs say the drop was deliberate. */
export class InjectedConnectionDrop extends Error {
  constructor() {
    super("emulator fault injection: connection dropped on purpose");
    this.name = "InjectedConnectionDrop";
  }
}

export function droppedConnectionResponse(): Response {
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.error(new InjectedConnectionDrop());
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}

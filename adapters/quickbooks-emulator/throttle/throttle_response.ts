/**
 * The 429 QBO's gateway sends when a throttle trips. It is XML even when the client asked for
 * JSON (observed by several SDKs); the emulator reproduces that on purpose so clients exercise the
 * code path that handles a non-JSON error body.
 */
export function throttleExceededXml(time: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${time}">` +
    `<Fault type="SERVICE"><Error code="3001">` +
    `<Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>` +
    `<Detail>The request limit was reached.  Try again later</Detail>` +
    `</Error></Fault></IntuitResponse>`;
}

export function throttleExceededResponse(time: string, retryAfterSeconds?: number): Response {
  return new Response(throttleExceededXml(time), {
    status: 429,
    headers: {
      "content-type": "application/xml;charset=UTF-8",
      ...(retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) }),
    },
  });
}

/** `intuit-signature`: base64(HMAC-SHA256(key = verifier token, message = raw body bytes)). */

async function hmacKey(verifierToken: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(verifierToken),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

export async function signWebhookBody(body: string, verifierToken: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(verifierToken), new TextEncoder().encode(body));
  let binary = "";
  for (const b of new Uint8Array(mac)) binary += String.fromCharCode(b);
  return btoa(binary);
}

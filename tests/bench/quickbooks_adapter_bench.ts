/**
 * Hot paths of the QuickBooks adapter that run per call or per delivery, in process: webhook
 * verification + parsing (QBO expects an answer within 3 s; we aim for well under a millisecond),
 * token sealing/opening (every API call opens the tokens), and query building.
 * Run with `deno bench --allow-all tests/bench/quickbooks_adapter_bench.ts`.
 */
import { JweTokenVault } from "../../adapters/crypto/jwe_token_vault.ts";
import { parseKeyRing } from "../../adapters/crypto/key_ring.ts";
import { buildQuery } from "../../adapters/quickbooks/query_builder.ts";
import { QuickBooksWebhookDecoder } from "../../adapters/quickbooks/webhooks/quickbooks_webhook_decoder.ts";
import { WebhookSignatureVerifier } from "../../adapters/quickbooks/webhooks/webhook_signature.ts";

const decoder = new QuickBooksWebhookDecoder({ verifierToken: "bench-verifier" });
const events = Array.from({ length: 20 }, (_, i) => ({
  specversion: "1.0",
  id: `evt-${i}`,
  type: "qbo.invoice.updated.v1",
  time: "2026-11-24T03:00:00Z",
  intuitentityid: String(i),
  intuitaccountid: "4620816365",
}));
const rawBody = new TextEncoder().encode(JSON.stringify(events));
const signature = await new WebhookSignatureVerifier("bench-verifier").sign(rawBody);

Deno.bench("QuickBooksWebhookDecoder.decode: 20 CloudEvents, signed", async () => {
  const decoded = await decoder.decode({ rawBody, signature, contentType: "application/cloudevents+json" });
  if (!decoded.accepted) throw new Error("bench payload rejected");
});

const vault = new JweTokenVault(
  parseKeyRing(`k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(5)))}`),
);
const tokens = {
  accessToken: "a".repeat(900),
  refreshToken: "r".repeat(50),
  accessTokenExpiresAt: new Date("2026-11-24T05:00:00Z"),
  refreshTokenExpiresAt: new Date("2027-03-01T00:00:00Z"),
  refreshTokenHardExpiresAt: null,
};
const sealed = (await vault.seal(tokens)).sealed;

Deno.bench("JweTokenVault.seal", async () => {
  await vault.seal(tokens);
});

Deno.bench("JweTokenVault.open", async () => {
  await vault.open(sealed);
});

Deno.bench("buildQuery: three conditions with escaping", () => {
  buildQuery({
    entityName: "Customer",
    where: [
      { field: "DisplayName", operator: "LIKE", value: "O'Brien%" },
      { field: "Active", operator: "IN", value: [true, false] },
      { field: "MetaData.LastUpdatedTime", operator: ">", value: "2026-11-01T00:00:00Z" },
    ],
    orderBy: { field: "MetaData.LastUpdatedTime", direction: "ASC" },
  }, { startPosition: 1, maxResults: 1000 });
});

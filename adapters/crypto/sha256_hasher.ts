import { createHash } from "node:crypto";
import type { Hasher } from "../../domain/ports/hasher.ts";

/**
 * SHA-256 (the audit chain's hash) through the runtime's crypto module: synchronous, so sealing an
 * audit entry inside its operation's transaction costs microseconds, where WebCrypto's digest
 * (same bytes, same hash) costs a promise round trip of tens of microseconds per entry.
 */
export const sha256Hasher: Hasher = {
  sha256Hex(text: string): Promise<string> {
    return Promise.resolve(createHash("sha256").update(text, "utf8").digest("hex"));
  },
};

import { DomainError } from "../../domain/errors.ts";

/** One 256-bit content-encryption key and the id sealed values name it by. */
export interface VaultKey {
  readonly id: string;
  readonly material: Uint8Array;
}

/**
 * The keys the vault knows: the current one seals, all of them open. Rotating means putting a
 * new key first and keeping the old ones until `deno task rotate-keys` has re-sealed everything.
 */
export interface KeyRing {
  readonly current: VaultKey;
  find(id: string): VaultKey | undefined;
  readonly ids: readonly string[];
}

const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses `"<kid>:<base64 or base64url 32 bytes>[,<kid>:<key>...]"`; the first entry is current.
 *
 * @example
 * ```ts
 * const ring = parseKeyRing("2026-11:" + btoa("k".repeat(32)));
 * ring.current.id; // "2026-11"
 * ```
 */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec.split(",").map((part) => part.trim()).filter((part) => part.length > 0);
  if (entries.length === 0) throw invalid("the token key ring is empty");
  const keys: VaultKey[] = entries.map((entry) => {
    const separator = entry.indexOf(":");
    const id = separator > 0 ? entry.slice(0, separator) : "";
    if (!KEY_ID_PATTERN.test(id)) throw invalid("a token key has no valid id (expected <kid>:<key>)");
    const material = decodeBase64(entry.slice(separator + 1));
    if (material === null || material.length !== 32) {
      throw invalid(`token key ${id} must be 32 bytes, base64 encoded`, { key_id: id });
    }
    return { id, material };
  });
  const byId = new Map<string, VaultKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw invalid(`token key id ${key.id} appears twice`, { key_id: key.id });
    byId.set(key.id, key);
  }
  return { current: keys[0], find: (id) => byId.get(id), ids: keys.map((key) => key.id) };
}

function decodeBase64(text: string): Uint8Array | null {
  const normalized = text.trim().replaceAll("-", "+").replaceAll("_", "/");
  try {
    return Uint8Array.from(atob(normalized), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError("CONFIG_INVALID", message, details);
}

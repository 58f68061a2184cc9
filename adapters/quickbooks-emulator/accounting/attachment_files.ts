import { createHash } from "node:crypto";

/**
 * The files behind file attachables (`POST /upload`), kept per company next to the objects:
 * bytes (base64, so they survive the JSON state file), size, and the object key that makes the
 * attachable's temporary download URL hard to guess, as an S3 object key is.
 */
export interface StoredFile {
  /** Object key in the download URL; derived from realm, attachable id and upload time. */
  readonly key: string;
  readonly size: number;
  readonly base64: string;
}

export class AttachmentFiles {
  readonly #files = new Map<string, StoredFile>();
  readonly #onChange: (id: string) => void;

  /** `onChange` hears the id of every file stored or deleted (the durable store's change tracking). */
  constructor(onChange: (id: string) => void = () => {}) {
    this.#onChange = onChange;
  }

  /** Stores the bytes of attachable `id` (replacing earlier ones). */
  put(realmId: string, id: string, bytes: Uint8Array, uploadedAt: string): StoredFile {
    const key = createHash("sha256").update(`${realmId}:${id}:${uploadedAt}`).digest("hex").slice(0, 32);
    const file = { key, size: bytes.byteLength, base64: toBase64(bytes) };
    this.#files.set(id, file);
    this.#onChange(id);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }

  bytes(id: string): Uint8Array<ArrayBuffer> | undefined {
    const file = this.#files.get(id);
    return file ? fromBase64(file.base64) : undefined;
  }

  delete(id: string): void {
    if (this.#files.delete(id)) this.#onChange(id);
  }

  toJSON(): Record<string, StoredFile> {
    return Object.fromEntries(this.#files);
  }

  /** Restores files as persisted (a null file: deleted); not reported as changes. */
  load(files: Readonly<Record<string, StoredFile | null>>): void {
    for (const [id, file] of Object.entries(files)) {
      if (file) this.#files.set(id, file);
      else this.#files.delete(id);
    }
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Keeps grants and tokens in a JSON file next to the company store's, so restarting the emulator
 * (or the service that mounts it) does not disconnect every app: connections survive exactly as
 * companies do. Tokens change on the answer path (a code exchange or a refresh hands out tokens the
 * client will rely on), so the emulator calls {@link TokenStateFile.commit} before every answer:
 * the file is replaced atomically and synced to disk. A change made outside a request is saved
 * after `autosaveMs`; `close()` flushes.
 */
import { writeFileDurably } from "../persistence/durable_files.ts";
import type { TokenService, TokenServiceSnapshot } from "./token_service.ts";

/** The token file that goes with a company data file: `state.json` -> `state.oauth.json`. */
export function tokenStatePath(dataFile: string): string {
  return dataFile.endsWith(".json")
    ? dataFile.slice(0, -".json".length) + ".oauth.json"
    : dataFile + ".oauth.json";
}

export class TokenStateFile {
  readonly #path: string;
  readonly #autosaveMs: number;
  #tokens: TokenService | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;

  constructor(path: string, autosaveMs = 250) {
    this.#path = path;
    this.#autosaveMs = autosaveMs;
  }

  /** Attaches the service (created after this file object, since it reports changes here). */
  attach(tokens: TokenService): void {
    this.#tokens = tokens;
  }

  /** Restores the file's state into the attached service; false when there is no file. */
  load(): boolean {
    let text: string;
    try {
      text = Deno.readTextFileSync(this.#path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
    this.#tokens?.restore(JSON.parse(text) as TokenServiceSnapshot);
    return true;
  }

  /** Marks the state changed: saved by the next {@link commit}, or after `autosaveMs` at the latest. */
  scheduleSave(): void {
    this.#pending = true;
    if (this.#timer !== undefined || !this.#tokens) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      try {
        this.commit();
      } catch {
        // Left pending: the next request's commit retries and answers the failure to its caller.
      }
    }, this.#autosaveMs);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  /** Saves durably if anything changed since the last save. */
  commit(): void {
    if (this.#pending) this.save();
  }

  save(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#tokens) return;
    this.#pending = true;
    writeFileDurably(this.#path, JSON.stringify(this.#tokens.snapshot()));
    this.#pending = false;
  }

  close(): void {
    this.commit();
  }
}

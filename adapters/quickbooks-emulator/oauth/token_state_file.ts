/**
 * Keeps grants and tokens in a JSON file next to the company store's, so restarting the emulator
 * (or the service that mounts it) does not disconnect every app: connections survive exactly as
 * companies do. Saves are debounced; `close()` flushes.
 */
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

  /** Debounced save; the timer does not keep the process alive. */
  scheduleSave(): void {
    if (this.#timer !== undefined || !this.#tokens) return;
    this.#timer = setTimeout(() => this.save(), this.#autosaveMs);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  save(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#tokens) return;
    const tmp = `${this.#path}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(this.#tokens.snapshot()));
    Deno.renameSync(tmp, this.#path);
  }

  close(): void {
    if (this.#timer !== undefined) this.save();
  }
}

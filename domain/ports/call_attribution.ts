/**
 * On whose behalf the work in progress runs (an API key's id while its request is served), carried
 * across awaits: how a QuickBooks call made deep inside a use case is counted against the key's
 * daily QuickBooks quota without passing the caller down every function.
 */
export interface CallAttribution {
  /** Runs `work` on behalf of `apiKeyId` (null: nobody's). */
  run<T>(apiKeyId: string | null, work: () => Promise<T>): Promise<T>;
  /** The key the current work runs for, or null. */
  current(): string | null;
}

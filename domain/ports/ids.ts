/** Identifiers and randomness come into the product only through this port. */
export interface Ids {
  /** A new unique identifier (UUID v4 or v7 in production, deterministic in tests). */
  newId(): string;
}

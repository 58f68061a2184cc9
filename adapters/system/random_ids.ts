import type { Ids } from "../../domain/ports/ids.ts";

/** Random UUID v4 identifiers from the platform's CSPRNG. */
export const randomIds: Ids = { newId: () => crypto.randomUUID() };

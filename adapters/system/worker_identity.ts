import type { Ids } from "../../domain/ports/ids.ts";

/**
 * The job worker's identity for this process, as configured: given (WORKER_ID), one of the slots
 * of a directory next to the file database, or new at every start. A slot is a file holding an
 * id, locked (exclusive advisory lock) for as long as the process lives: concurrent workers on one
 * database never hold the same slot, and the operating system drops the lock when a process dies,
 * so the next process to start takes the dead one's slot, and with it its identity and its jobs.
 */
export type WorkerIdentitySource =
  | { readonly kind: "fixed"; readonly id: string }
  | { readonly kind: "slots"; readonly directory: string }
  | { readonly kind: "ephemeral" };

export interface WorkerIdentity {
  readonly id: string;
  /** Whether a process starting after this one dies can come back as this identity. */
  readonly persistent: boolean;
  /** Gives the slot up (on shutdown), so the next process takes it at once. */
  release(): void;
}

/** More slots than workers ever share one database; past it, identities are new at every start. */
const MAX_SLOTS = 64;
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * @example
 * ```ts
 * const identity = claimWorkerIdentity({ kind: "slots", directory: "./data/estatecore.db.workers" }, randomIds);
 * identity.id; // "worker-1-6f0c...", the same after a restart
 * identity.release();
 * ```
 */
export function claimWorkerIdentity(source: WorkerIdentitySource, ids: Ids): WorkerIdentity {
  if (source.kind === "fixed") return { id: source.id, persistent: true, release: () => {} };
  if (source.kind === "slots") {
    const slot = claimSlot(source.directory, ids);
    if (slot) return slot;
  }
  return { id: `worker-${ids.newId()}`, persistent: false, release: () => {} };
}

function claimSlot(directory: string, ids: Ids): WorkerIdentity | undefined {
  Deno.mkdirSync(directory, { recursive: true });
  for (let n = 1; n <= MAX_SLOTS; n++) {
    const path = `${directory}/worker-${n}.id`;
    const file = Deno.openSync(path, { read: true, write: true, create: true });
    if (!file.tryLockSync(true)) {
      file.close();
      continue;
    }
    let id = Deno.readTextFileSync(path).trim();
    if (!ID_PATTERN.test(id)) {
      id = `worker-${n}-${ids.newId()}`;
      file.truncateSync(0);
      const bytes = new TextEncoder().encode(`${id}\n`);
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
      file.syncSync();
    }
    let held = true;
    return {
      id,
      persistent: true,
      release: () => {
        if (!held) return;
        held = false;
        file.unlockSync();
        file.close();
      },
    };
  }
  return undefined;
}

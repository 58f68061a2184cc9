import type { QboEntityName } from "../model/quickbooks/qbo_payload.ts";

/** A QBO object that must be synced (and linked) before a record can be mapped. */
export interface MissingDependency {
  /** The QBO entity that is missing, e.g. "Customer" for a tenant not yet synced. */
  readonly entity: QboEntityName;
  /** What EstateCore record (or item name) it stands for. */
  readonly source: string;
  /** The id of that record (tenant id, property id, charge id, item name...). */
  readonly id: string;
}

/**
 * How a record waiting for its references is described to people (history, previews).
 *
 * @example
 * ```ts
 * waitingMessage([{ entity: "Customer", source: "property", id: "prop_2" }]);
 * // "Waits for Customer of property prop_2 (not in QuickBooks yet)"
 * ```
 */
export function waitingMessage(missing: readonly MissingDependency[]): string {
  return `Waits for ${
    missing.map((m) => `${m.entity} of ${m.source} ${m.id}`).join(", ")
  } (not in QuickBooks yet)`;
}

/**
 * The outcome of a mapping: the payload, or everything that must be synced first. Expected, so it
 * is a value and not an exception; a missing account mapping, by contrast, is a configuration
 * error and throws QB006.
 */
export type MappingResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly missing: readonly MissingDependency[] };

/**
 * Wraps a successful mapping.
 *
 * @example
 * ```ts
 * mapped({ DisplayName: "Jane Doe" }); // { ok: true, value: { DisplayName: "Jane Doe" } }
 * ```
 */
export function mapped<T>(value: T): MappingResult<T> {
  return { ok: true, value };
}

/**
 * Collects missing dependencies while a mapper looks ids up, so one result names all of them.
 *
 * @example
 * ```ts
 * const deps = new DependencyCollector();
 * const customerId = deps.require("Customer", "tenant", "ten_1", links.customers["ten_1"]);
 * if (deps.hasMissing()) return deps.failure();
 * ```
 */
export class DependencyCollector {
  readonly #missing: MissingDependency[] = [];

  /** Returns `value`, or records the dependency as missing and returns "" (never sent: check hasMissing). */
  require(entity: QboEntityName, source: string, id: string, value: string | undefined): string {
    if (typeof value === "string" && value !== "") return value;
    if (!this.#missing.some((m) => m.entity === entity && m.source === source && m.id === id)) {
      this.#missing.push({ entity, source, id });
    }
    return "";
  }

  /** True when at least one dependency was missing. */
  hasMissing(): boolean {
    return this.#missing.length > 0;
  }

  /** The failure result naming every missing dependency. */
  failure<T>(): MappingResult<T> {
    return { ok: false, missing: [...this.#missing] };
  }
}

import { Hono } from "hono";
import type { ChangeEvent } from "../../../../adapters/quickbooks-emulator/contracts.ts";
import {
  createAccountingApi,
  createCompanyStore,
  type NewCompanyOptions,
} from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";

/** A movable clock for tests. */
export class TestClock {
  #ms: number;
  constructor(iso = "2026-03-10T17:00:00Z") {
    this.#ms = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(seconds: number): void {
    this.#ms += seconds * 1000;
  }
}

// deno-lint-ignore no-explicit-any
export type Json = Record<string, any>;

/** One emulator company mounted the way the gateway mounts the accounting app. */
export function accountingHarness(options: Partial<NewCompanyOptions> = {}) {
  const clock = new TestClock();
  const companies = createCompanyStore({ clock });
  const { realmId } = companies.createCompany({ companyName: "Harness Properties", ...options });
  const events: ChangeEvent[] = [];
  const app = new Hono().route(
    "/v3/company/:realmId",
    createAccountingApi({ companies, clock, onChange: (e) => events.push(e) }),
  );
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await app.request(`/v3/company/${realmId}${path}`, {
      method,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
    });
    return { status: res.status, json: (await res.json()) as Json };
  }
  /** POST that must succeed; returns the entity object. */
  async function ok(path: string, body: unknown): Promise<Json> {
    const { status, json } = await call("POST", path, body);
    if (status !== 200) throw new Error(`${path} failed: ${JSON.stringify(json)}`);
    const key = Object.keys(json).find((k) => k !== "time")!;
    return json[key];
  }
  async function get(path: string): Promise<Json> {
    const { status, json } = await call("GET", path);
    if (status !== 200) throw new Error(`${path} failed: ${JSON.stringify(json)}`);
    const key = Object.keys(json).find((k) => k !== "time")!;
    return json[key];
  }
  /** Seeded ids by name (accounts, items ...). */
  function idOf(entity: string, name: string): string {
    const id = companies.company(realmId)!.listNameOwner(entity, name);
    if (id === undefined) throw new Error(`no ${entity} ${name}`);
    return id;
  }
  return { app, clock, companies, realmId, events, call, ok, get, idOf };
}

/** The single fault error of a response body. */
export function faultOf(
  json: Json,
): { code: string; Message: string; Detail: string; element: string; type: string } {
  return { ...json.Fault.Error[0], type: json.Fault.type };
}

/** An invoice line for `amount` of the seeded Rent item. */
export function rentLine(amount: number, extra: Json = {}): Json {
  return {
    Amount: amount,
    DetailType: "SalesItemLineDetail",
    SalesItemLineDetail: { ItemRef: { value: "2" }, ...extra },
  };
}

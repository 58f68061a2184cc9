import assert from "node:assert/strict";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import type { QuickBooksConnection } from "../../../domain/ports/connection_repository.ts";
import type { CircuitStatus } from "../../../domain/ports/quickbooks_gateway.ts";
import { checkReadiness } from "../../../src/health/readiness.ts";

const connected = (realmId: string) => ({ realmId, status: "connected" }) as QuickBooksConnection;

function deps(options: {
  database?: () => Promise<unknown>;
  circuits?: Record<string, CircuitStatus>;
}) {
  const logs: string[] = [];
  const circuits = options.circuits ?? {};
  return {
    logs,
    deps: {
      probeDatabase: options.database ?? (() => Promise.resolve([])),
      connections: {
        listByStatus: (status: string) =>
          Promise.resolve(status === "connected" ? Object.keys(circuits).map(connected) : []),
      },
      gateway: { circuitStatus: (realmId: string) => circuits[realmId] ?? "closed" },
      logger: new JsonLogger({ sink: (line) => logs.push(line) }),
    },
  };
}

Deno.test("checkReadiness is ready with the database up, whatever the QuickBooks circuits say", async () => {
  assert.deepEqual(await checkReadiness(deps({ circuits: { "111": "closed", "222": "half_open" } }).deps), {
    ready: true,
    database: { ok: true },
    quickbooksCircuits: { ok: true },
  });
  assert.deepEqual(
    await checkReadiness(deps({ circuits: { "111": "open", "222": "closed", "333": "isolated" } }).deps),
    {
      ready: true,
      database: { ok: true },
      quickbooksCircuits: { ok: false, detail: "QuickBooks circuit open for realm 111, 333" },
    },
  );
});

Deno.test("checkReadiness reports an unreachable database as not ready, logs it and reads no circuit", async () => {
  let circuitsRead = false;
  const { deps: d, logs } = deps({ database: () => Promise.reject(new Error("connection refused")) });
  const readiness = await checkReadiness({
    ...d,
    connections: {
      listByStatus: () => {
        circuitsRead = true;
        return Promise.resolve([]);
      },
    },
  });
  assert.deepEqual(readiness, {
    ready: false,
    database: { ok: false, detail: "database unreachable" },
    quickbooksCircuits: { ok: false, detail: "unknown: database unreachable" },
  });
  assert.equal(circuitsRead, false);
  assert.equal(logs.length, 1);
  assert.match(logs[0], /readiness check failed/);
  assert.match(logs[0], /connection refused/);
});

import assert from "node:assert/strict";
import { isDomainError } from "../../../domain/errors.ts";
import { batchCallRequestId } from "../../../domain/sync/request_id.ts";
import { QuickBooksApiGateway } from "../../../adapters/quickbooks/quickbooks_api_gateway.ts";
import { clientFor, target } from "./support/client_under_test.ts";
import { LoopbackQbo, recorded, type Responder } from "./support/loopback_qbo_server.ts";

async function withGateway(
  responder: Responder,
  run: (gateway: QuickBooksApiGateway, server: LoopbackQbo) => Promise<void>,
  now = new Date("2026-11-24T04:00:00Z"),
) {
  const server = new LoopbackQbo(responder);
  try {
    const { client } = clientFor(server.baseUrl);
    await run(new QuickBooksApiGateway(client, { now: () => now }), server);
  } finally {
    await server.close();
  }
}

Deno.test("QuickBooksApiGateway.query pages by 1000 until a short page and sends the escaped statement", async () => {
  const customers = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ Id: String(from + i), DisplayName: `C${from + i}` }));
  await withGateway((request) => {
    const statement = request.url.searchParams.get("query")!;
    const start = Number(/STARTPOSITION (\d+)/.exec(statement)![1]);
    return { status: 200, body: { QueryResponse: { Customer: customers(start, start === 1 ? 1000 : 3) } } };
  }, async (gateway, server) => {
    const rows = await gateway.query(target, {
      entityName: "Customer",
      where: [{ field: "DisplayName", operator: "LIKE", value: "O'B%" }],
    });
    assert.equal(rows.length, 1003);
    assert.equal(server.requests.length, 2);
    assert.match(
      server.requests[0].url.searchParams.get("query")!,
      /DisplayName LIKE 'O\\'B%' STARTPOSITION 1 /,
    );
    assert.match(server.requests[1].url.searchParams.get("query")!, /STARTPOSITION 1001 MAXRESULTS 1000$/);
  });
});

Deno.test("QuickBooksApiGateway.query returns nothing for an empty QueryResponse", async () => {
  await withGateway(() => ({ status: 200, body: { QueryResponse: {}, time: "x" } }), async (gateway) => {
    assert.deepEqual(await gateway.query(target, { entityName: "Vendor" }), []);
  });
});

Deno.test("QuickBooksApiGateway.writeBatch maps per-item results back to keys, stale SyncToken to QB005", async () => {
  await withGateway(() => recorded("batch__basic__0.json"), async (gateway, server) => {
    const items = ["vendor", "invoice", "receipt"].map((key, index) => ({
      key,
      entityName: index === 0 ? "Vendor" : "Invoice",
      operation: index === 0 ? "create" as const : "update" as const,
      payload: { Id: String(index) },
    }));
    // The recorded answer uses bIds bid1..; the writer sends the callers' keys as bIds: remap the fixture.
    server.respondWith(() => {
      const fixture = recorded("batch__basic__0.json");
      const body = fixture.body as { BatchItemResponse: { bId: string }[] };
      body.BatchItemResponse.forEach((item, index) => item.bId = items[index]?.key ?? item.bId);
      return fixture;
    });
    const outcome = await gateway.writeBatch(target, items, "org-1:push:42");
    assert.deepEqual(outcome.results.map((r) => r.key), ["vendor", "invoice", "receipt"]);
    assert.equal(outcome.results[0].ok, true);
    const [, objectNotFound, stale] = outcome.results;
    assert.ok(!objectNotFound.ok && objectNotFound.errorCode === "QB004" && objectNotFound.qboCode === "610");
    assert.ok(!stale.ok && stale.errorCode === "QB005" && stale.qboCode === "5010");
    assert.equal(outcome.intuitTid, "tid-1");
    assert.equal(outcome.calls, 1);
    const sent = JSON.parse(server.requests[0].body);
    assert.deepEqual(
      sent.BatchItemRequest.map((item: { bId: string }) => item.bId),
      ["vendor", "invoice", "receipt"],
      "each key is sent as its bId, unchanged",
    );
    assert.equal(
      server.requests[0].url.searchParams.get("requestid"),
      "org-1:push:42",
      "the caller's requestid is sent unchanged",
    );
  });
});

Deno.test("QuickBooksApiGateway.writeBatch splits 31 items in two batches with distinct, repeatable requestids", async () => {
  const echo: Responder = (request) => {
    const sent = JSON.parse(request.body) as { BatchItemRequest: { bId: string }[] };
    return {
      status: 200,
      body: {
        BatchItemResponse: sent.BatchItemRequest.map((item) => ({
          bId: item.bId,
          Customer: { Id: item.bId },
        })),
      },
    };
  };
  await withGateway(echo, async (gateway, server) => {
    const items = Array.from(
      { length: 31 },
      (_, i) => ({ key: `k${i}`, entityName: "Customer", operation: "create" as const, payload: {} }),
    );
    const first = await gateway.writeBatch(target, items, "job-7");
    await gateway.writeBatch(target, items, "job-7");
    assert.equal(first.results.length, 31);
    assert.ok(first.results.every((result) => result.ok));
    assert.equal(first.calls, 2, "the outcome counts the calls it took");
    const ids = server.requests.map((r) => r.url.searchParams.get("requestid"));
    assert.equal(JSON.parse(server.requests[0].body).BatchItemRequest.length, 30);
    assert.deepEqual(ids.slice(0, 2), ["job-7", batchCallRequestId("job-7", 1)]);
    assert.notEqual(ids[0], ids[1]);
    assert.deepEqual(ids.slice(0, 2), ids.slice(2, 4));
  });
});

Deno.test("QuickBooksApiGateway.writeBatch refuses a requestid QBO would refuse (2130) before sending anything", async () => {
  await withGateway(() => ({ status: 500, body: {} }), async (gateway, server) => {
    const items = [{ key: "a", entityName: "Customer", operation: "create" as const, payload: {} }];
    for (const requestId of ["", "x".repeat(37), "job 7"]) {
      await assert.rejects(
        gateway.writeBatch(target, items, requestId),
        (e: unknown) =>
          isDomainError(e) && e.code === "VALIDATION_FAILED" && e.details.request_id === requestId,
      );
    }
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("QuickBooksApiGateway.writeBatch refuses keys that cannot be bIds before sending anything", async () => {
  await withGateway(() => ({ status: 500, body: {} }), async (gateway, server) => {
    const item = (key: string) => ({
      key,
      entityName: "Customer",
      operation: "create" as const,
      payload: {},
    });
    for (const items of [[item("a"), item("a")], [item("b".repeat(11))], [item("")]]) {
      await assert.rejects(
        gateway.writeBatch(target, items, "job-8"),
        (e: unknown) => isDomainError(e) && e.code === "VALIDATION_FAILED",
      );
    }
    assert.equal(server.requests.length, 0);
    const none = await gateway.writeBatch(target, [], "job-9");
    assert.deepEqual({ results: none.results, calls: none.calls }, { results: [], calls: 0 });
  });
});

Deno.test("QuickBooksApiGateway.changesSince reads CDC inside 30 days and asks again past 1000 objects", async () => {
  const now = new Date("2026-11-24T04:00:00Z");
  const stamp = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, "0")}:00Z`;
  await withGateway((request) => {
    const since = request.url.searchParams.get("changedSince")!;
    const first = since.startsWith("2026-11-10");
    const customers = first
      ? Array.from(
        { length: 1000 },
        (_, i) => ({ Id: String(i), MetaData: { LastUpdatedTime: stamp(Math.floor(i / 20)) } }),
      )
      : [{ Id: "999", MetaData: { LastUpdatedTime: stamp(49) } }, {
        Id: "1000",
        MetaData: { LastUpdatedTime: stamp(50) },
      }];
    const deleted = first
      ? [{ Id: "5000", status: "Deleted", domain: "QBO", MetaData: { LastUpdatedTime: stamp(1) } }]
      : [];
    return {
      status: 200,
      body: {
        CDCResponse: [{ QueryResponse: [{ Customer: [...customers, ...deleted] }] }],
        time: "2026-11-24T04:00:01Z",
      },
    };
  }, async (gateway, server) => {
    const changes = await gateway.changesSince(target, ["Customer"], new Date("2026-11-10T00:00:00Z"));
    assert.equal(changes.source, "cdc");
    assert.equal(changes.changes.length, 1002);
    assert.ok(changes.changes.find((change) => change.id === "5000")?.deleted);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1].url.searchParams.get("changedSince"), new Date(stamp(49)).toISOString());
    assert.equal(changes.nextCursor.toISOString(), "2026-11-24T04:00:00.000Z", "one second of overlap");
  }, now);
});

Deno.test("QuickBooksApiGateway.changesSince falls back to LastUpdatedTime queries beyond 30 days", async () => {
  await withGateway(() => recorded("all__customers__1.json"), async (gateway, server) => {
    const changes = await gateway.changesSince(target, ["Customer"], new Date("2026-09-01T00:00:00Z"));
    assert.equal(changes.source, "query");
    assert.equal(server.requests[0].url.pathname.endsWith("/query"), true);
    assert.match(
      server.requests[0].url.searchParams.get("query")!,
      /MetaData\.LastUpdatedTime > '2026-09-01T00:00:00.000Z' ORDERBY MetaData\.LastUpdatedTime ASC/,
    );
    assert.ok(changes.changes.every((change) => change.entityName === "Customer" && !change.deleted));
  });
});

Deno.test("QuickBooksApiGateway.fetchReport turns a recorded P&L into sections, data and summaries", async () => {
  await withGateway(() => recorded("reports__profit_and_loss__0.json"), async (gateway, server) => {
    const report = await gateway.fetchReport(target, {
      reportName: "ProfitAndLoss",
      params: { start_date: "2026-01-01" },
    });
    assert.equal(report.header.ReportName, "ProfitAndLoss");
    assert.ok(report.columns.length >= 2);
    assert.ok(
      report.rows.some((row) =>
        row.kind === "section" && row.children.some((child) => child.kind === "summary")
      ),
    );
    assert.equal(server.requests[0].url.searchParams.get("start_date"), "2026-01-01");
    await assert.rejects(
      gateway.fetchReport(target, { reportName: "../x", params: {} }),
      (e) => isDomainError(e) && e.code === "VALIDATION_FAILED" && /report name: \.\.\/x/.test(e.message),
    );
    assert.equal(server.requests.length, 1, "a refused report name never reaches QuickBooks");
  });
});

Deno.test("QuickBooksApiGateway.readCompanyProfile reads the name and the Class/Location tracking switches", async () => {
  await withGateway(
    (request) =>
      request.url.pathname.includes("/companyinfo/")
        ? { status: 200, body: { CompanyInfo: { CompanyName: "Maple Court Rentals LLC" } } }
        : {
          status: 200,
          body: {
            Preferences: {
              AccountingInfoPrefs: {
                TrackDepartments: true,
                DepartmentTerminology: "Property",
                ClassTrackingPerTxn: false,
                ClassTrackingPerTxnLine: true,
              },
            },
          },
        },
    async (gateway, server) => {
      assert.deepEqual(await gateway.readCompanyProfile(target), {
        companyName: "Maple Court Rentals LLC",
        classTracking: "per_line",
        locationTracking: true,
        locationTerminology: "Property",
      });
      assert.equal(
        server.requests[0].url.pathname,
        `/v3/company/${target.realmId}/companyinfo/${target.realmId}`,
      );
    },
  );
});

Deno.test("QuickBooksApiGateway.read returns the entity, and null for Object Not Found (610)", async () => {
  let calls = 0;
  await withGateway(
    () =>
      ++calls === 1 ? recorded("get__id__0.json") : {
        status: 400,
        body: { Fault: { Error: [{ Message: "Object Not Found", code: "610" }], type: "ValidationFault" } },
      },
    async (gateway) => {
      assert.equal((await gateway.read(target, "Customer", "5"))?.Id, "5");
      assert.equal(await gateway.read(target, "Customer", "404"), null);
    },
  );
});

import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type {
  ChangeSet,
  CircuitReport,
  CircuitStatus,
  CompanyProfile,
  EntityWrite,
  EntityWriteOutcome,
  QueryPage,
  QueryPageRequest,
  QueryRequest,
  QuickBooksGateway,
  QuickBooksObject,
  QuickBooksTarget,
  ReportDocument,
  ReportRequest,
  WriteItem,
  WriteOutcome,
} from "../../domain/ports/quickbooks_gateway.ts";
import { writeInBatches } from "./batch_writer.ts";
import { readChanges } from "./change_reader.ts";
import { readCompanyProfile } from "./company_profile_reader.ts";
import { writeEntity } from "./entity_writer.ts";
import { QboCallError } from "./qbo_call_error.ts";
import type { QboHttpClient } from "./qbo_http_client.ts";
import { runQuery, runQueryPage } from "./query_runner.ts";
import { fetchReport } from "./report_fetcher.ts";
import { entityOf } from "./wire/envelope_schemas.ts";
import { parseWire } from "./wire/parse_wire.ts";
import { qboObjectSchema } from "./wire/envelope_schemas.ts";

const ENTITY_NAME = /^[A-Za-z]+$/;

/** The QuickBooksGateway port over the QBO Accounting API (real Intuit or the emulator). */
export class QuickBooksApiGateway implements QuickBooksGateway {
  readonly #client: QboHttpClient;
  readonly #clock: Clock;

  constructor(client: QboHttpClient, clock: Clock) {
    this.#client = client;
    this.#clock = clock;
  }

  readCompanyProfile(target: QuickBooksTarget): Promise<CompanyProfile> {
    return readCompanyProfile(this.#client, target);
  }

  async read(target: QuickBooksTarget, entityName: string, id: string): Promise<QuickBooksObject | null> {
    if (!ENTITY_NAME.test(entityName)) {
      throw new DomainError("VALIDATION_FAILED", `not a QuickBooks entity name: ${entityName}`);
    }
    try {
      const response = await this.#client.send(target, {
        method: "GET",
        path: `/${entityName.toLowerCase()}/${encodeURIComponent(id)}`,
      });
      return entityOf(parseWire(qboObjectSchema, response, `${entityName} read`), entityName);
    } catch (error) {
      // 610 "Object Not Found" means the id is unknown or was deleted.
      if (error instanceof QboCallError && error.details.qbo_code === "610") return null;
      throw error;
    }
  }

  query(target: QuickBooksTarget, request: QueryRequest): Promise<readonly QuickBooksObject[]> {
    return runQuery(this.#client, target, request);
  }

  queryPage(target: QuickBooksTarget, request: QueryPageRequest): Promise<QueryPage> {
    return runQueryPage(this.#client, target, request);
  }

  writeEntity(target: QuickBooksTarget, write: EntityWrite): Promise<EntityWriteOutcome> {
    return writeEntity(this.#client, target, write);
  }

  writeBatch(
    target: QuickBooksTarget,
    items: readonly WriteItem[],
    requestId: string,
  ): Promise<WriteOutcome> {
    return writeInBatches(this.#client, target, items, requestId);
  }

  changesSince(target: QuickBooksTarget, entityNames: readonly string[], since: Date): Promise<ChangeSet> {
    return readChanges(this.#client, this.#clock, target, entityNames, since);
  }

  fetchReport(target: QuickBooksTarget, request: ReportRequest): Promise<ReportDocument> {
    return fetchReport(this.#client, target, request);
  }

  circuitStatus(realmId: string): CircuitStatus {
    return this.#client.resilience.status(realmId);
  }

  circuitReport(realmId: string): CircuitReport {
    return this.#client.resilience.report(realmId);
  }
}

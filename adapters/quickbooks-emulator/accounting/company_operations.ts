import type { ChangeEvent, ChangeListener, EmulatorClock } from "../contracts.ts";
import type { CompanyState, Doc } from "./company_state.ts";
import { canonicalEntityName, rulesFor } from "./entity_catalog.ts";
import { knownFields } from "./entity_fields.ts";
import { EXCHANGE_RATE, exchangeRateView } from "./exchange_rate_view.ts";
import type { EntityRules } from "./entity_rules.ts";
import { faults } from "./fault_catalog.ts";
import { QboFault } from "./qbo_fault.ts";
import { formatQboDate, formatQboTimestamp } from "./qbo_time.ts";
import { type RuleContext, withoutFields } from "./rule_context.ts";

/**
 * Create / read / update / delete / void of one company's objects: ids, SyncTokens, MetaData,
 * read-only fields, stale-object and deposited-transaction checks, ledger and link upkeep, and a
 * change event for every write (webhooks and CDC listen to those).
 */
export interface WriteOptions {
  /** `include=allowduplicatedocnum` */
  readonly allowDuplicateDocNumber?: boolean;
}

const SYSTEM_FIELDS = ["Id", "SyncToken", "MetaData", "domain", "sparse", "status"];
const NUMERIC_ID = /^\d{1,20}$/;
const DEPOSITABLE = new Set(["Payment", "SalesReceipt"]);

export class CompanyOperations {
  readonly state: CompanyState;
  readonly #clock: EmulatorClock;
  readonly #onChange: ChangeListener | undefined;

  constructor(state: CompanyState, clock: EmulatorClock, onChange?: ChangeListener) {
    this.state = state;
    this.#clock = clock;
    this.#onChange = onChange;
  }

  /** Rules of a path entity name; fault 500 "Unsupported Operation" for anything else. */
  rules(entity: string, path = `/${entity}`): EntityRules {
    const rules = rulesFor(entity);
    if (!rules) throw faults.unsupportedOperation(`/v3/company/${this.state.realmId}${path}`);
    return rules;
  }

  read(entity: string, id: string): Doc {
    const rules = this.rules(entity, `/${entity}/${id}`);
    return this.render(rules.name, this.#stored(rules.name, id));
  }

  /** Stored object with derived fields (balances, links, qualified names). */
  render(entityName: string, doc: Doc): Doc {
    if (entityName === EXCHANGE_RATE) return exchangeRateView(doc);
    const rules = rulesFor(entityName);
    return rules?.render ? rules.render(this.state, doc) : doc;
  }

  /** Every object of an entity, rendered, for queries and CDC. */
  rows(entityName: string): Doc[] {
    const name = canonicalEntityName(entityName) ?? entityName;
    return this.state.list(name).map((d) => this.render(name, d));
  }

  create(entity: string, body: unknown, options: WriteOptions = {}): Doc {
    const rules = this.rules(entity);
    const input = this.#checkedBody(rules.name, body);
    const now = this.#now();
    const prepared = rules.prepare(
      this.#context(now, options),
      withoutFields(input, [...SYSTEM_FIELDS, ...rules.readOnly]),
    );
    const n = this.state.next(`id:${idSequenceOf(rules)}`);
    const id = rules.formatId ? rules.formatId(n) : String(n);
    const doc = stamp(prepared, id, "0", now.stamp, now.stamp);
    this.#store(rules, doc);
    this.#emit(rules.name, id, "Create", now.instant);
    return this.render(rules.name, doc);
  }

  update(entity: string, body: unknown, options: WriteOptions & { forceSparse?: boolean } = {}): Doc {
    const rules = this.rules(entity);
    const input = this.#checkedBody(rules.name, body);
    const existing = this.#forChange(rules, input);
    const sparse = input.sparse === true || options.forceSparse === true;
    const base = sparse ? withoutFields(existing, [...SYSTEM_FIELDS, ...rules.readOnly]) : {};
    const candidate = { ...base, ...withoutFields(input, [...SYSTEM_FIELDS, ...rules.readOnly]) };
    const now = this.#now();
    const prepared = rules.prepare(this.#context(now, options, existing), candidate);
    const doc = stamp(prepared, String(existing.Id), nextToken(existing), createdAt(existing), now.stamp);
    this.#store(rules, doc);
    this.#emit(rules.name, String(doc.Id), "Update", now.instant);
    return this.render(rules.name, doc);
  }

  delete(entity: string, body: unknown): Doc {
    const rules = this.rules(entity);
    if (rules.kind !== "transaction" && !rules.deletable) {
      throw new QboFault(
        "500",
        "Unsupported Operation",
        `Operation Delete is not supported for ${rules.name}; set Active to false instead.`,
      );
    }
    const input = this.#checkedBody(rules.name, body);
    const existing = rules.deleteWithoutSyncToken && input.SyncToken === undefined && input.Id !== undefined
      ? this.#stored(rules.name, String(input.Id))
      : this.#forChange(rules, input, true);
    const key = `${rules.name}:${existing.Id}`;
    if (this.state.links.sourcesOf(key).length > 0) throw faults.linkedTransactions(rules.name);
    const now = this.#now();
    const id = String(existing.Id);
    this.state.ledger.replace(rules.name, id, []);
    this.state.links.setApplications(key, []);
    if (rules.name === "Deposit") this.state.links.setDepositSources(id, []);
    if (rules.name === "Attachable") this.state.files.delete(id);
    this.state.remove(rules.name, id, now.stamp);
    this.state.voided.delete(key);
    this.#emit(rules.name, id, "Delete", now.instant);
    return { status: "Deleted", domain: "QBO", Id: id };
  }

  void(entity: string, body: unknown): Doc {
    const rules = this.rules(entity);
    if (!rules.voided) {
      throw new QboFault(
        "500",
        "Unsupported Operation",
        `Operation Void is not supported for ${rules.name}.`,
      );
    }
    const input = this.#checkedBody(rules.name, body);
    const existing = this.#forChange(rules, input);
    const key = `${rules.name}:${existing.Id}`;
    const now = this.#now();
    for (const source of this.state.links.sourcesOf(key)) this.#unlink(source, key, now);
    const doc = stamp(
      rules.voided(existing),
      String(existing.Id),
      nextToken(existing),
      createdAt(existing),
      now.stamp,
    );
    this.#store(rules, doc);
    this.state.voided.add(key);
    this.#emit(rules.name, String(doc.Id), "Void", now.instant);
    return this.render(rules.name, doc);
  }

  /**
   * The `send` operation on a sales form: BillEmail set to `recipient`, EmailStatus "EmailSent",
   * DeliveryInfo `{DeliveryType: "Email", DeliveryTime}`, a new SyncToken and an "Emailed" event
   * (Intuit API reference, "Send an invoice"; webhooks list Emailed as an operation).
   */
  markEmailed(entity: string, id: string, recipient: string): Doc {
    const rules = this.rules(entity, `/${entity}/${id}/send`);
    const existing = this.#stored(rules.name, id);
    const now = this.#now();
    const doc = stamp(
      {
        ...existing,
        BillEmail: { Address: recipient },
        EmailStatus: "EmailSent",
        DeliveryInfo: { DeliveryType: "Email", DeliveryTime: now.stamp },
      },
      id,
      nextToken(existing),
      createdAt(existing),
      now.stamp,
    );
    this.#store(rules, doc);
    this.#emit(rules.name, id, "Emailed", now.instant);
    return this.render(rules.name, doc);
  }

  /** Re-derives transaction links from the stored documents (after a restore). */
  relink(): void {
    for (const name of this.state.entityNames()) {
      const rules = rulesFor(name);
      if (!rules?.effects) continue;
      for (const doc of this.state.list(name)) {
        const effects = rules.effects(this.state, doc);
        this.state.links.setApplications(`${name}:${doc.Id}`, effects.applications ?? []);
        if (name === "Deposit") {
          this.state.links.setDepositSources(String(doc.Id), effects.depositSources ?? []);
        }
      }
    }
  }

  /** CompanyInfo / Preferences (stored as Id "1"): read. */
  readSingleton(entityName: "CompanyInfo" | "Preferences"): Doc {
    return this.#stored(entityName, "1");
  }

  /** CompanyInfo / Preferences: full update (omitted fields dropped) or sparse merge. */
  updateSingleton(entityName: "CompanyInfo" | "Preferences", body: unknown): Doc {
    const input = asObject(body);
    const existing = this.#stored(entityName, "1");
    if (input.SyncToken === undefined) throw faults.requiredParamMissing("SyncToken");
    if (String(input.SyncToken) !== existing.SyncToken) throw faults.staleObject();
    const base = input.sparse === true ? withoutFields(existing, SYSTEM_FIELDS) : {};
    const now = this.#now();
    const doc = stamp(
      { ...base, ...withoutFields(input, SYSTEM_FIELDS) },
      "1",
      nextToken(existing),
      createdAt(existing),
      now.stamp,
    );
    this.state.put(entityName, doc);
    this.#emit(entityName, "1", "Update", now.instant);
    return doc;
  }

  /**
   * Stores an object QBO keys by its content rather than an Id (ExchangeRate: currency and date),
   * under `key`; the change is announced like any other (the webhook dispatcher skips entities QBO
   * does not notify).
   */
  putKeyed(entityName: string, key: string, doc: Doc): void {
    this.state.put(entityName, { ...doc, Id: key });
    this.#emit(entityName, key, "Update", this.#clock.now());
  }

  /** This write's MetaData timestamp and company-local date. */
  timestamp(): { stamp: string; today: string } {
    const now = this.#now();
    return { stamp: now.stamp, today: formatQboDate(now.instant, this.state.offsetMinutes) };
  }

  /** Inserts a singleton at company creation (no event). */
  seedSingleton(entityName: "CompanyInfo" | "Preferences", body: Doc): void {
    const now = this.#now();
    this.state.put(entityName, stamp(body, "1", "0", now.stamp, now.stamp));
  }

  #stored(entityName: string, id: string): Doc {
    if (!NUMERIC_ID.test(id)) throw faults.invalidId(id);
    const doc = this.state.get(entityName, id);
    if (doc) return doc;
    if (this.state.isDeleted(entityName, id)) throw faults.deletedObject();
    throw faults.objectNotFound(entityName, id);
  }

  /** Id + SyncToken checks shared by update, delete and void. */
  #forChange(rules: EntityRules, input: Doc, allowVoided = false): Doc {
    if (input.Id === undefined || input.Id === null || input.Id === "") {
      throw faults.requiredParamMissing("Id");
    }
    const existing = this.#stored(rules.name, String(input.Id));
    if (input.SyncToken === undefined || input.SyncToken === null) {
      throw faults.requiredParamMissing("SyncToken");
    }
    if (String(input.SyncToken) !== existing.SyncToken) throw faults.staleObject();
    const key = `${rules.name}:${existing.Id}`;
    if (DEPOSITABLE.has(rules.name) && this.state.links.depositOf(key) !== undefined) {
      throw faults.depositedTransaction();
    }
    if (!allowVoided && this.state.voided.has(key)) {
      throw faults.businessValidation(`This ${rules.name} has been voided and can no longer be changed.`);
    }
    return existing;
  }

  #checkedBody(entityName: string, body: unknown): Doc {
    const input = asObject(body);
    const known = knownFields(entityName);
    if (known) {
      for (const field of Object.keys(input)) {
        if (!known.has(field)) throw faults.unknownProperty(field, entityName, [...known]);
      }
    }
    return input;
  }

  #store(rules: EntityRules, doc: Doc): void {
    this.state.put(rules.name, doc);
    if (!rules.effects) return;
    const id = String(doc.Id);
    const effects = rules.effects(this.state, doc);
    this.state.ledger.replace(rules.name, id, effects.postings);
    this.state.links.setApplications(`${rules.name}:${id}`, effects.applications ?? []);
    if (rules.name === "Deposit") this.state.links.setDepositSources(id, effects.depositSources ?? []);
  }

  /** Removes `target` from a payment's lines when the target is voided (QBO unapplies it). */
  #unlink(source: string, target: string, now: { stamp: string; instant: Date }): void {
    const [entityName, id] = source.split(":");
    const rules = rulesFor(entityName);
    const doc = this.state.get(entityName, id);
    if (!rules || !doc) return;
    const [targetType, targetId] = target.split(":");
    const lines = ((doc.Line as Doc[] | undefined) ?? []).map((line) => ({
      ...line,
      LinkedTxn: ((line.LinkedTxn as Doc[] | undefined) ?? []).filter(
        (l) => !(String(l.TxnType) === targetType && String(l.TxnId) === targetId),
      ),
    })).filter((line) => (line.LinkedTxn as Doc[]).length > 0);
    const updated = stamp({ ...doc, Line: lines }, id, nextToken(doc), createdAt(doc), now.stamp);
    this.#store(rules, updated);
    this.#emit(entityName, id, "Update", now.instant);
  }

  #context(now: { stamp: string; instant: Date }, options: WriteOptions, existing?: Doc): RuleContext {
    return {
      state: this.state,
      now: now.stamp,
      today: formatQboDate(now.instant, this.state.offsetMinutes),
      allowDuplicateDocNumber: options.allowDuplicateDocNumber === true,
      existing,
    };
  }

  #now(): { stamp: string; instant: Date } {
    const instant = this.#clock.now();
    return { instant, stamp: formatQboTimestamp(instant, this.state.offsetMinutes) };
  }

  #emit(entityName: string, id: string, operation: ChangeEvent["operation"], instant: Date): void {
    this.#onChange?.({
      realmId: this.state.realmId,
      entityName,
      id,
      operation,
      lastUpdated: instant.toISOString(),
    });
  }
}

/**
 * QBO numbers customers, vendors and employees from one sequence, and all transactions from
 * another (an invoice and a payment never share an Id); other lists count on their own.
 */
function idSequenceOf(rules: EntityRules): string {
  if (rules.name === "Customer" || rules.name === "Vendor" || rules.name === "Employee") return "Person";
  return rules.kind === "transaction" ? "Txn" : rules.name;
}

function asObject(body: unknown): Doc {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw faults.malformedJson("the request body must be a JSON object");
  }
  return body as Doc;
}

function stamp(doc: Doc, id: string, syncToken: string, created: string, updated: string): Doc {
  return {
    ...doc,
    domain: "QBO",
    sparse: false,
    Id: id,
    SyncToken: syncToken,
    MetaData: { CreateTime: created, LastUpdatedTime: updated },
  };
}

function nextToken(doc: Doc): string {
  return String(Number(doc.SyncToken ?? 0) + 1);
}

function createdAt(doc: Doc): string {
  return String((doc.MetaData as Doc | undefined)?.CreateTime);
}

import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from "kysely";
import { constraintError, statementTarget } from "./constraint_errors.ts";
import { constraintViolationOf } from "./sql_errors.ts";

/** The coded error for a driver error that is a constraint failure; any other error unchanged. */
function translated(error: unknown, query: CompiledQuery | null): unknown {
  const violation = constraintViolationOf(error);
  if (!violation) return error;
  const target = query
    ? statementTarget(query.query)
    : { operation: "other" as const, table: null, values: new Map() };
  return constraintError(violation, target, error);
}

/** A connection whose statements fail with coded errors; the driver is handed the connection it made. */
class TranslatingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;

  constructor(inner: DatabaseConnection) {
    this.inner = inner;
  }

  async executeQuery<R>(query: CompiledQuery, options?: Parameters<DatabaseConnection["executeQuery"]>[1]) {
    try {
      return await this.inner.executeQuery<R>(query, options);
    } catch (error) {
      throw translated(error, query);
    }
  }

  async *streamQuery<R>(
    query: CompiledQuery,
    chunkSize: number,
    options?: Parameters<DatabaseConnection["streamQuery"]>[2],
  ): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize, options);
    } catch (error) {
      throw translated(error, query);
    }
  }
}

const unwrap = (connection: DatabaseConnection) =>
  connection instanceof TranslatingConnection ? connection.inner : connection;

/** Every driver call goes to the inner driver with its own connection; statement and commit errors are translated. */
class TranslatingDriver implements Driver {
  readonly #inner: Driver;
  // Present only when the inner driver has them: Kysely reports a driver without savepoints.
  readonly savepoint?: Driver["savepoint"];
  readonly rollbackToSavepoint?: Driver["rollbackToSavepoint"];
  readonly releaseSavepoint?: Driver["releaseSavepoint"];

  constructor(inner: Driver) {
    this.#inner = inner;
    const { savepoint, rollbackToSavepoint, releaseSavepoint } = inner;
    if (savepoint) this.savepoint = (c, name, compile) => savepoint.call(inner, unwrap(c), name, compile);
    if (rollbackToSavepoint) {
      this.rollbackToSavepoint = (c, name, compile) =>
        rollbackToSavepoint.call(inner, unwrap(c), name, compile);
    }
    if (releaseSavepoint) {
      this.releaseSavepoint = (c, name, compile) => releaseSavepoint.call(inner, unwrap(c), name, compile);
    }
  }

  init(options?: Parameters<Driver["init"]>[0]) {
    return this.#inner.init(options);
  }

  async acquireConnection(options?: Parameters<Driver["acquireConnection"]>[0]) {
    return new TranslatingConnection(await this.#inner.acquireConnection(options));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(unwrap(connection), settings);
  }

  async commitTransaction(connection: DatabaseConnection) {
    try {
      await this.#inner.commitTransaction(unwrap(connection));
    } catch (error) {
      // Deferred constraints fail at COMMIT, with no statement to read.
      throw translated(error, null);
    }
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(unwrap(connection));
  }

  releaseConnection(connection: DatabaseConnection, options?: Parameters<Driver["releaseConnection"]>[1]) {
    return this.#inner.releaseConnection(unwrap(connection), options);
  }

  destroy(options?: Parameters<Driver["destroy"]>[0]) {
    return this.#inner.destroy(options);
  }
}

/**
 * Wraps a Kysely dialect so that no constraint failure leaves the database handle as a raw driver
 * error: every statement every repository runs (and every commit) fails with the coded
 * {@link constraintError} instead, the driver error kept as its `cause`. This is the one place the
 * repositories' integrity errors are translated; a repository that gives a failure a more specific
 * meaning (an organization that already exists) still can, since the code says what it is.
 *
 * @example
 * ```ts
 * const db = new Kysely<DatabaseSchema>({ dialect: translatingConstraintErrors(new PostgresDialect({ pool })) });
 * ```
 */
export function translatingConstraintErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TranslatingDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

import assert from "node:assert/strict";
import {
  conditionalFindings,
  CONFIGURATION_READERS,
  domainErrorFindings,
  scanCode,
  snakeCaseFindings,
} from "./support/composition_rules.ts";
import {
  importsOf,
  sharedTypeViolations,
  type TypeImport,
  typeImportsOf,
  violation,
} from "./support/import_rules.ts";

const ROOT = new URL("../", import.meta.url);

async function* typescriptFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* typescriptFiles(path);
    else if (entry.isFile && entry.name.endsWith(".ts")) yield path;
  }
}

Deno.test("architecture: domain is pure, use cases never import adapters, adapters never import each other", async () => {
  const problems: string[] = [];
  let checked = 0;
  for (const dir of ["domain", "src", "adapters"]) {
    for await (const file of typescriptFiles(dir)) {
      const source = await Deno.readTextFile(new URL(file, ROOT));
      for (const specifier of importsOf(source)) {
        checked++;
        const problem = violation({ from: file, specifier });
        if (problem) problems.push(`${file}: ${problem}`);
      }
    }
  }
  assert.ok(checked > 20, `expected to check the tree's imports, checked ${checked}`);
  assert.deepEqual(problems, []);
});

Deno.test("architecture: domain never touches the clock, environment, network, disk or randomness", async () => {
  const forbidden = /\b(Deno\.|fetch\(|new Date\(\)|Date\.now\(|Math\.random\(|crypto\.|performance\.now\()/;
  const problems: string[] = [];
  for await (const file of typescriptFiles("domain")) {
    const lines = (await Deno.readTextFile(new URL(file, ROOT))).split("\n");
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      if (!/^\s*\*/.test(line) && forbidden.test(code)) problems.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(problems, []);
});

Deno.test("violation catches each forbidden kind of import", () => {
  assert.match(violation({ from: "domain/a.ts", specifier: "../adapters/http/app.ts" }) ?? "", /domain/);
  assert.match(violation({ from: "domain/a.ts", specifier: "hono" }) ?? "", /zod/);
  assert.match(violation({ from: "domain/x/a.ts", specifier: "../../src/config.ts" }) ?? "", /domain/);
  assert.match(
    violation({ from: "src/sync/run.ts", specifier: "../../adapters/persistence/database.ts" }) ?? "",
    /adapters/,
  );
  assert.match(
    violation({ from: "adapters/http/a.ts", specifier: "../persistence/database.ts" }) ?? "",
    /another adapter/,
  );
  assert.equal(violation({ from: "domain/a.ts", specifier: "zod" }), null);
  assert.match(violation({ from: "domain/a.ts", specifier: "ipaddr.js" }) ?? "", /only zod among libraries/);
  assert.match(violation({ from: "domain/a.ts", specifier: "npm:jose@6" }) ?? "", /only zod among libraries/);
  assert.equal(violation({ from: "domain/a/b.ts", specifier: "../shared/money.ts" }), null);
  assert.equal(violation({ from: "src/main.ts", specifier: "../adapters/http/app.ts" }), null);
  assert.equal(
    violation({ from: "src/composition/service.ts", specifier: "../../adapters/http/app.ts" }),
    null,
  );
  assert.equal(violation({ from: "adapters/http/a.ts", specifier: "./b.ts" }), null);
  assert.equal(violation({ from: "adapters/http/a.ts", specifier: "../../domain/errors.ts" }), null);
});

Deno.test("importsOf finds static, type-only, re-export and dynamic imports", () => {
  const src =
    `import { a } from "./a.ts";\nimport type { B } from '../b.ts';\nexport { c } from "./c.ts";\n` +
    `import "./side.ts";\nconst m = await import("./dyn.ts");\n// import { x } from "./commented.ts";\n` +
    `import {\n  multi,\n  line,\n} from "zod";`;
  assert.deepEqual(importsOf(src), ["./a.ts", "../b.ts", "./c.ts", "./side.ts", "./dyn.ts", "zod"]);
});

async function compositionFindings(rule: (source: string) => string[], skip: readonly string[] = []) {
  const problems: string[] = [];
  let checked = 0;
  for await (const file of typescriptFiles("src/composition")) {
    if (skip.includes(file)) continue;
    checked++;
    for (const finding of rule(await Deno.readTextFile(new URL(file, ROOT)))) {
      problems.push(`${file} ${finding}`);
    }
  }
  assert.ok(checked >= 5, `expected to read the composition root, read ${checked} files`);
  return problems;
}

Deno.test("architecture: the composition root raises and matches no domain errors (use cases do)", async () => {
  assert.deepEqual(await compositionFindings(domainErrorFindings), []);
});

Deno.test("architecture: the composition root maps no API shapes (views live beside their routes)", async () => {
  assert.deepEqual(await compositionFindings(snakeCaseFindings), []);
});

Deno.test("architecture: the composition root decides only on configuration", async () => {
  assert.deepEqual(await compositionFindings(conditionalFindings, CONFIGURATION_READERS), []);
});

Deno.test("architecture: types shared by features live in domain/, the audit trail included", async () => {
  const imports: TypeImport[] = [];
  for await (const file of typescriptFiles("src")) {
    const source = await Deno.readTextFile(new URL(file, ROOT));
    for (const { specifier, names } of typeImportsOf(source)) imports.push({ from: file, specifier, names });
  }
  assert.ok(imports.length > 20, `expected to read the tree's type imports, read ${imports.length}`);
  assert.deepEqual(sharedTypeViolations(imports), []);
  const auditTrailHomes = imports.filter((i) => i.names.includes("AuditTrail"))
    .map((i) => new URL(i.specifier, new URL(i.from, ROOT)).pathname.slice(ROOT.pathname.length))
    .filter((home) => !home.startsWith("domain/"));
  assert.deepEqual(auditTrailHomes, [], "AuditTrail is imported from domain/ only");
});

Deno.test("scanCode blanks comments and string text, keeps template expressions and line numbers", () => {
  const src = 'const a = "x_y"; // b_c\n/* d_e */ const t = `f_g ${h_i ? "j" : k} l_m`;';
  const { code, strings } = scanCode(src);
  assert.equal(code.length, src.length);
  assert.equal(code.split("\n").length, 2);
  assert.doesNotMatch(code, /x_y|b_c|d_e|f_g|l_m/);
  assert.match(code, /h_i \? " " : k/);
  assert.deepEqual(strings.map((s) => s.text), ["x_y", "j"]);
});

Deno.test("domainErrorFindings catches raising, instanceof and error-code matching, not a type guard", () => {
  assert.equal(domainErrorFindings('throw new DomainError("NOT_FOUND", "No job");').length, 1);
  assert.equal(domainErrorFindings('import { DomainError } from "../../domain/errors.ts";').length, 1);
  assert.equal(domainErrorFindings("if (error instanceof DomainError) return null;").length, 1);
  assert.equal(domainErrorFindings('if (error.code === "QB002") return null;').length, 1);
  assert.equal(domainErrorFindings('throw new Error("no");').length, 1);
  assert.deepEqual(domainErrorFindings("if (!isDomainError(error)) throw error;"), []);
  assert.deepEqual(domainErrorFindings('// new DomainError("NOT_FOUND") is raised by the use case'), []);
  assert.deepEqual(domainErrorFindings("logger.info('started', { code: error.code });"), []);
});

Deno.test("snakeCaseFindings catches view mapping in either direction, allows configuration names", () => {
  assert.equal(snakeCaseFindings("const view = { org_id: x.orgId };").length, 1);
  assert.equal(snakeCaseFindings("return {\n  id: r.id,\n  created_at: r.createdAt,\n};").length, 1);
  assert.equal(snakeCaseFindings("const input = { realmId: body.realm_id };").length, 1);
  assert.equal(snakeCaseFindings('const view = { "org_id": x.orgId };').length, 1);
  assert.equal(snakeCaseFindings("const { push_now } = input;").length, 1);
  assert.deepEqual(snakeCaseFindings('const url = env.DATABASE_URL ?? env["LIBSQL_URL"];'), []);
  assert.deepEqual(snakeCaseFindings('const task = { name: "webhook_pulls", everyMs: 0 };'), []);
  assert.deepEqual(snakeCaseFindings('const mode = ready ? "scheduled_syncs" : "token_renewal";'), []);
  assert.deepEqual(snakeCaseFindings("const url = `${base}/.well-known/openid_sandbox_configuration`;"), []);
  assert.deepEqual(snakeCaseFindings("// maps created_at for the route"), []);
});

Deno.test("conditionalFindings allows configuration switches only", () => {
  assert.equal(conditionalFindings("error: run.errorCode ? { code: run.errorCode } : null,").length, 1);
  assert.equal(conditionalFindings("if (migration.applied.length > 0) log();").length, 1);
  assert.equal(conditionalFindings('const open = list.filter((e) => e.circuit === "open");').length, 1);
  assert.equal(conditionalFindings("try {\n  run();\n} catch (error) {\n  log(error);\n}").length, 1);
  assert.equal(conditionalFindings("const push = input.push_now && fields.length > 0;").length, 1);
  assert.equal(conditionalFindings("const x = result?.job;").length, 1);
  assert.equal(conditionalFindings("const w = deps.sleep ?? realSleep;").length, 1);
  assert.equal(
    conditionalFindings("const v = done\n  ? viewJob(job)\n  : null;").length,
    1,
    "a wrapped ternary is judged with the line it continues",
  );
  assert.equal(
    conditionalFindings(
      "const logger = new JsonLogger({ level: config.logLevel, now: () => clock.now() });\n" +
        "const x = logger ? 1 : 2;",
    ).length,
    1,
    "a value built from more than configuration is not configuration",
  );
  assert.equal(
    conditionalFindings(
      "const database = overrides.database ?? open(config.url);\n" +
        "let database = { ok: true };\nconst c = database.ok ? a : b;",
    ).length,
    1,
    "a name rebound from something else stops being configuration",
  );
  assert.deepEqual(conditionalFindings('if (config.quickbooks.mode !== "emulator") return null;'), []);
  assert.deepEqual(conditionalFindings("const clock = overrides.clock ?? systemClock;"), []);
  assert.deepEqual(
    conditionalFindings(
      'const sandbox = config.quickbooks.environment === "sandbox";\nconst u = sandbox ? a : b;',
    ),
    [],
  );
  assert.deepEqual(
    conditionalFindings(
      "const emulator = await startEmulator(config, overrides);\nconst m = emulator\n  ? [x]\n  : [];",
    ),
    [],
  );
  assert.deepEqual(conditionalFindings("interface O {\n  readonly clock?: Clock;\n}"), []);
  assert.deepEqual(conditionalFindings('const s = "a ? b && c";'), []);
  assert.deepEqual(conditionalFindings("const f = (x: number) => x;"), []);
});

Deno.test("typeImportsOf finds type-only imports and inline type specifiers", () => {
  const src = `import type { AuditTrail } from "../connections/audit_trail.ts";\n` +
    `import { type Caller, requireAuthorized } from "../../domain/access/authorize.ts";\n` +
    `import { enqueueSync } from "../sync/sync_jobs.ts";\n` +
    `import type {\n  A as B,\n  C,\n} from "./c.ts";`;
  assert.deepEqual(typeImportsOf(src), [
    { specifier: "../connections/audit_trail.ts", names: ["AuditTrail"] },
    { specifier: "../../domain/access/authorize.ts", names: ["Caller"] },
    { specifier: "./c.ts", names: ["A", "C"] },
  ]);
});

Deno.test("sharedTypeViolations flags a type of one feature that two others import", () => {
  const trail = (from: string): TypeImport => ({
    from,
    specifier: "../connections/audit_trail.ts",
    names: ["AuditTrail"],
  });
  const problems = sharedTypeViolations([
    trail("src/settings/sync_settings_use_cases.ts"),
    trail("src/sync/resolve_review.ts"),
    trail("src/composition/service.ts"),
    trail("src/connections/x.ts"),
  ]);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0],
    /AuditTrail of src\/connections\/audit_trail\.ts is shared by features settings, sync/,
  );
  assert.match(problems[0], /src\/composition\/service\.ts/);
  assert.deepEqual(
    sharedTypeViolations([
      { from: "src/sync/sync_jobs.ts", specifier: "../worker/job_worker.ts", names: ["JobHandler"] },
      { from: "src/composition/a.ts", specifier: "../worker/job_worker.ts", names: ["JobHandler"] },
      { from: "src/sync/a.ts", specifier: "../../domain/ports/audit_trail.ts", names: ["AuditTrail"] },
      { from: "src/settings/a.ts", specifier: "../../domain/ports/audit_trail.ts", names: ["AuditTrail"] },
    ]),
    [],
    "one neighbouring consumer, or a type already in domain/, is fine",
  );
});

import assert from "node:assert/strict";
import { importsOf, violation } from "./support/import_rules.ts";

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
  assert.match(violation({ from: "src/sync/run.ts", specifier: "../../adapters/persistence/database.ts" }) ?? "", /adapters/);
  assert.match(violation({ from: "adapters/http/a.ts", specifier: "../persistence/database.ts" }) ?? "", /another adapter/);
  assert.equal(violation({ from: "domain/a.ts", specifier: "zod" }), null);
  assert.equal(violation({ from: "domain/a/b.ts", specifier: "../shared/money.ts" }), null);
  assert.equal(violation({ from: "src/main.ts", specifier: "../adapters/http/app.ts" }), null);
  assert.equal(violation({ from: "src/composition/service.ts", specifier: "../../adapters/http/app.ts" }), null);
  assert.equal(violation({ from: "adapters/http/a.ts", specifier: "./b.ts" }), null);
  assert.equal(violation({ from: "adapters/http/a.ts", specifier: "../../domain/errors.ts" }), null);
});

Deno.test("importsOf finds static, type-only, re-export and dynamic imports", () => {
  const src = `import { a } from "./a.ts";\nimport type { B } from '../b.ts';\nexport { c } from "./c.ts";\n` +
    `import "./side.ts";\nconst m = await import("./dyn.ts");\n// import { x } from "./commented.ts";\n` +
    `import {\n  multi,\n  line,\n} from "zod";`;
  assert.deepEqual(importsOf(src), ["./a.ts", "../b.ts", "./c.ts", "./side.ts", "./dyn.ts", "zod"]);
});

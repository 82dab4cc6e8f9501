// Validates SARIF logs the way code-scanning consumers will read them:
//   1. the SARIF Multitool's `validate` with the SARIF spec rules and GitHub's
//      ingestion rules (it exits 0 even when it finds problems, so its output log is read);
//   2. Ajv against the SARIF 2.1.0 JSON schema that ships with the multitool.
// Usage: node tools/sarif/validate.mjs FILE.sarif…   Exit 0 only with 0 errors and 0 warnings.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const multitoolDir = join(here, "node_modules", "@microsoft", "sarif-multitool-linux");
const multitool = join(multitoolDir, "Sarif.Multitool");
const schema = JSON.parse(readFileSync(join(multitoolDir, "sarif-2.1.0.json"), "utf8"));

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

let problems = 0;
const work = mkdtempSync(join(tmpdir(), "vouch-sarif-"));
try {
  for (const file of process.argv.slice(2)) {
    const log = JSON.parse(readFileSync(file, "utf8"));
    if (!validateSchema(log)) {
      for (const e of validateSchema.errors) {
        console.log(`${file}: schema: ${e.instancePath || "/"} ${e.message}`);
        problems++;
      }
    }
    const out = join(work, "validation.sarif");
    execFileSync(multitool, ["validate", file, "--output", out, "--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite"], {
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const report = JSON.parse(readFileSync(out, "utf8"));
    for (const run of report.runs ?? []) {
      const rules = run.tool?.driver?.rules ?? [];
      for (const r of run.results ?? []) {
        if (r.level !== "error" && r.level !== "warning") continue;
        const rule = rules[r.ruleIndex] ?? rules.find((x) => x.id === r.ruleId);
        const template = rule?.messageStrings?.[r.message?.id]?.text ?? r.message?.text ?? r.message?.id;
        const args = r.message?.arguments ?? [];
        const text = String(template).replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? "");
        const where = r.locations?.[0]?.physicalLocation?.region?.startLine;
        console.log(`${file}: multitool ${r.level} ${r.ruleId}${where ? ` (line ${where})` : ""}: ${text}`);
        problems++;
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`sarif validation: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
process.exit(problems === 0 ? 0 : 1);

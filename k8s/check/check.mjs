// node check.mjs: render, validate and check every overlay; exit 1 on any finding.
import { render, overlays, describe } from "./render.mjs";
import { schemaErrors } from "./schemas.mjs";
import { violations } from "./policy.mjs";

let failed = false;
for (const overlay of overlays) {
  const objects = render(overlay);
  const findings = [...(await schemaErrors(objects)), ...violations(objects, { production: overlay === "prod" })];
  console.log(`${overlay}: ${objects.length} objects (${[...new Set(objects.map((o) => o.kind))].length} kinds), ${findings.length} finding(s)`);
  for (const f of findings) console.log(`  ${f}`);
  failed ||= findings.length > 0;
}
process.exit(failed ? 1 : 0);

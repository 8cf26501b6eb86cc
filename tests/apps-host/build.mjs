// Bundles the test host (src/host.ts with the official @modelcontextprotocol/ext-apps AppBridge) into dist/host.js.
// Run by .ci/run, or by the browser tests' fixture when dist/host.js is missing or older than its sources.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, "dist"), { recursive: true });
await build({
  entryPoints: [join(here, "src", "host.ts")],
  outfile: join(here, "dist", "host.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "chrome120",
  logLevel: "warning",
});
copyFileSync(join(here, "src", "host.html"), join(here, "dist", "host.html"));
console.log("built " + join(here, "dist", "host.js"));

// Builds the UI: bundles src/main.js (and chart.js from node_modules) into dist/app.js. Nothing is fetched
// from another host at run time. Usage: node web/build.mjs [--watch]
import { build, context } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const options = {
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  format: "esm",
  target: ["es2020"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  outfile: join(dist, "app.js"),
  logLevel: "warning",
};

mkdirSync(dist, { recursive: true });
if (process.argv.includes("--watch")) {
  const ctx = await context(options);
  await ctx.watch();
  console.log("web: watching web/src, writing web/dist/app.js");
} else {
  await build(options);
  writeFileSync(join(dist, ".built"), new Date().toISOString() + "\n");
  console.log("web: built web/dist/app.js");
}

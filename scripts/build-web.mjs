// Bundles the pages (src/web/<page>/main.tsx) into dist/web/<page>.js + <page>.css with esbuild.
// One classic script per page (IIFE, no chunks), so the shell loads it with a plain <script src>; the page links its
// stylesheet itself. Of Atlaskit's themes (which setGlobalTheme loads through dynamic imports, inlined here) only the
// ones the pages use are bundled.
// Minified when NODE_ENV=production or with --minify; sourcemaps always.
// Usage: node scripts/build-web.mjs [--minify] [--outdir=dir]
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PAGES = ["access", "configure"];

/**
 * Atlaskit ships Compiled's atomic CSS as one `.compiled.css` file per component. Compiled expects its bundler plugin
 * to merge and sort those rules (plain rules, then pseudo-classes in LVFHA order, then at-rules), so a `:hover` rule
 * wins over the plain rule whichever file it came from. This does the same for the merged stylesheet, and drops duplicates.
 */
const PSEUDO_ORDER = [":link", ":visited", ":focus-within", ":focus", ":focus-visible", ":hover", ":active"];

const splitTopLevel = (css) => {
  const rules = [];
  let depth = 0, start = 0, quote = null;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (quote) { if (ch === "\\") i++; else if (ch === quote) quote = null; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? css.length : end + 1;
      if (depth === 0) start = i + 1; // a comment between rules is dropped, not glued to the next rule
    }
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) { rules.push(css.slice(start, i + 1).trim()); start = i + 1; }
    else if (ch === ";" && depth === 0) { rules.push(css.slice(start, i + 1).trim()); start = i + 1; }
  }
  return rules.filter(Boolean);
};

const bucketOf = (rule) => {
  if (rule.startsWith("@media") || rule.startsWith("@supports")) return { bucket: PSEUDO_ORDER.length + 2, weight: 0 };
  const selector = rule.slice(0, rule.indexOf("{"));
  if (!/^\._[a-z0-9]+/i.test(selector)) return { bucket: 0, weight: 0 }; // global rules (css-reset, @font-face…) first
  let bucket = 1;
  PSEUDO_ORDER.forEach((pseudo, i) => { if (new RegExp(`${pseudo}(?![-a-z])`).test(selector)) bucket = i + 2; });
  const property = rule.slice(rule.indexOf("{") + 1).split(":")[0]?.trim() ?? "";
  return { bucket, weight: property.split("-").length }; // shorthands (margin) before longhands (margin-top)
};

export const sortAtomicCss = (css) => {
  const seen = new Set();
  const rules = splitTopLevel(css).filter((r) => (r.startsWith("@charset") ? false : seen.has(r) ? false : (seen.add(r), true)));
  const imports = rules.filter((r) => r.startsWith("@import"));
  const keyed = rules.filter((r) => !r.startsWith("@import")).map((rule, index) => ({ rule, index, ...bucketOf(rule) }));
  keyed.sort((a, b) => a.bucket - b.bucket || a.weight - b.weight || a.index - b.index);
  return [...imports, ...keyed.map((k) => k.rule)].join("\n") + "\n";
};

/** The themes `setGlobalTheme({ colorMode: "light", contrastMode: "no-preference" })` loads. */
const BUNDLED_THEMES = new Set(["light", "spacing", "typography", "shape", "motion"]);

/** Rewrites @atlaskit/tokens' theme import map so that the themes the pages never load are not inlined. */
const onlyUsedThemes = {
  name: "only-used-themes",
  setup(build) {
    build.onLoad({ filter: /@atlaskit[\\/]tokens[\\/].*[\\/]artifacts[\\/]theme-import-map\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source.replace(/'([^']+)': function (\w+)\(\) \{\s*return import\([^)]*\);\s*\}/g, (entry, id, name) =>
        BUNDLED_THEMES.has(id) ? entry : `'${id}': function ${name}() { return Promise.reject(new Error("Theme ${id} is not bundled")); }`);
      return { contents, loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};

export const buildWeb = async ({ minify = false, outdir = path.join(root, "dist", "web"), logLevel = "warning" } = {}) => {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(PAGES.map((page) => [page, `src/web/${page}/main.tsx`])),
    outdir,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: ["chrome110", "firefox110", "safari16"],
    entryNames: "[name]",
    assetNames: "assets/[name]-[hash]",
    jsx: "automatic",
    minify,
    sourcemap: true,
    legalComments: "linked",
    define: { "process.env.NODE_ENV": JSON.stringify(minify ? "production" : "development") },
    loader: { ".svg": "file", ".png": "file", ".woff": "file", ".woff2": "file" },
    write: false,
    plugins: [onlyUsedThemes],
    logLevel,
  });
  for (const file of result.outputFiles) {
    await mkdir(path.dirname(file.path), { recursive: true });
    if (file.path.endsWith(".css")) {
      // Reordering invalidates the CSS source map, so the stylesheet ships without one.
      await writeFile(file.path, sortAtomicCss(file.text.replace(/\/\*# sourceMappingURL=.*?\*\/\s*$/, "")));
    } else if (!file.path.endsWith(".css.map")) {
      await writeFile(file.path, file.contents);
    }
  }
  return { outdir, files: result.outputFiles.map((f) => path.relative(outdir, f.path)).filter((f) => !f.endsWith(".css.map")) };
};

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const minify = process.env.NODE_ENV === "production" || process.argv.includes("--minify");
  const outArg = process.argv.find((a) => a.startsWith("--outdir="));
  const started = Date.now();
  const { outdir, files } = await buildWeb({ minify, ...(outArg ? { outdir: path.resolve(outArg.slice(9)) } : {}) });
  process.stdout.write(`build-web: ${files.length} files in ${path.relative(root, outdir)} (${minify ? "minified" : "development"}, ${Date.now() - started} ms)\n`);
}

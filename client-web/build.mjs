// Builds the web client into dist/: ES modules and one stylesheet with content hashes in their
// names, index.html pointing at them, and the static files of public/ (neutral page, help
// directory, icon). The supporter/organiser screens (src/staff/, Preact) are a separate chunk
// that the page loads with import() only when a staff route opens, so participants never
// download them. Prints what the first screen and the staff screens cost gzipped and fails
// when either is over its budget. Works on Node 18 (Debian 12) and later.
//
//   node build.mjs            build
//   node build.mjs --sizes    build and print every file

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, 'src');
const pub = join(root, 'public');
const dist = join(root, 'dist');
// Everything the first screen loads, gzipped, must stay under this: a participant on a slow
// phone link gets in quickly. Staff screens load as a separate bundle, with their own budget.
const budgetBytes = 60 * 1024;
const staffBudgetBytes = 40 * 1024;
// The organiser screens (issue 14): a chunk the staff screens load with import() on
// #/staff/org/... only, with a stylesheet of their own.
const orgBudgetBytes = 40 * 1024;
// Files of public/ that the build makes itself.
const skipFromPublic = new Set(['index.html']);

async function build() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });

  // The organiser stylesheet first: its hashed name goes into the script that adds it.
  const orgCss = await esbuild.build({
    entryPoints: { org: join(src, 'staff', 'org.css') },
    outdir: dist, entryNames: '[name]-[hash]', bundle: true, minify: true, metafile: true, logLevel: 'warning',
    target: ['chrome64', 'safari12', 'firefox68', 'edge79'],
  });
  const orgCssName = relative(dist, join(root, Object.keys(orgCss.metafile.outputs)[0]));

  const result = await esbuild.build({
    define: { __ORG_CSS__: JSON.stringify(orgCssName) },
    entryPoints: { app: join(src, 'main.ts'), style: join(src, 'app.css') },
    outdir: dist,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    // ES modules with code splitting: the staff screens become a chunk of their own, loaded by
    // import() (Chrome 63+, Safari 11.1+, inside the targets below).
    format: 'esm',
    splitting: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Old phones: Safari 12 / Chrome 64 era and later.
    target: ['es2017', 'chrome64', 'safari12', 'firefox68', 'edge79'],
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });

  let js = '';
  let css = '';
  const outputs = result.metafile.outputs;
  const nameOf = (out) => relative(dist, join(root, out));
  for (const [out, meta] of Object.entries(outputs)) {
    const name = nameOf(out);
    if (name.endsWith('.js') && name.startsWith('app-') && meta.entryPoint) js = name;
    else if (name.endsWith('.css')) css = name;
  }
  if (!js || !css) throw new Error('esbuild did not produce both a script and a stylesheet');
  // What a script pulls in: by static import always, by import() only when asked.
  const staticClosure = (start) => {
    const seen = new Set();
    const walk = (out) => {
      if (seen.has(out)) return;
      seen.add(out);
      for (const imp of outputs[out]?.imports ?? []) if (imp.kind === 'import-statement') walk(imp.path);
    };
    walk(start);
    return seen;
  };
  const entryOut = Object.keys(outputs).find((o) => nameOf(o) === js);
  const firstJs = staticClosure(entryOut);
  const staffJs = new Set();
  for (const out of firstJs) {
    for (const imp of outputs[out].imports) {
      if (imp.kind !== 'dynamic-import') continue;
      for (const o of staticClosure(imp.path)) if (!firstJs.has(o)) staffJs.add(o);
    }
  }
  if (staffJs.size === 0) throw new Error('no staff chunk: src/staff/ should be loaded with import()');
  const orgJs = new Set();
  for (const out of staffJs) {
    for (const imp of outputs[out].imports) {
      if (imp.kind !== 'dynamic-import') continue;
      for (const o of staticClosure(imp.path)) if (!firstJs.has(o) && !staffJs.has(o)) orgJs.add(o);
    }
  }
  if (orgJs.size === 0) throw new Error('no organiser chunk: src/staff/org-main.tsx should be loaded with import()');

  const template = await readFile(join(src, 'index.html'), 'utf8');
  const html = template.replace('%JS%', js).replace('%CSS%', css);
  if (html.includes('%JS%') || html.includes('%CSS%')) throw new Error('index.html template not filled');
  await writeFile(join(dist, 'index.html'), html);

  for (const entry of await readdir(pub)) {
    if (skipFromPublic.has(entry)) continue;
    await cp(join(pub, entry), join(dist, entry), { recursive: true });
  }

  // What the first screen loads: the page, its script and stylesheet, the help directory.
  const first = ['index.html', ...[...firstJs].map(nameOf), css, 'help/directory.json', 'icon.svg'];
  const rows = [];
  const measure = async (files) => {
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const body = await readFile(join(dist, f));
      const z = gzipSync(body, { level: 9 }).length;
      raw += body.length;
      gz += z;
      rows.push(`  ${f.padEnd(28)} ${String(body.length).padStart(7)} B  ${String(z).padStart(6)} B gzip`);
    }
    return { raw, gz };
  };
  const { raw, gz } = await measure(first);
  rows.push('  -- staff screens, loaded on #/staff only:');
  const staff = await measure([...staffJs].map(nameOf));
  rows.push('  -- organiser screens, loaded on #/staff/org/ only:');
  const org = await measure([...[...orgJs].map(nameOf), orgCssName]);
  if (process.argv.includes('--sizes')) console.log(rows.join('\n'));
  const hash = createHash('sha256').update(html).digest('hex').slice(0, 8);
  console.log(
    `client built into ${relative(process.cwd(), dist) || '.'} (${js}, ${css}; page ${hash}); ` +
      `first screen ${(gz / 1024).toFixed(1)} KiB gzipped (${(raw / 1024).toFixed(1)} KiB raw), ` +
      `budget ${budgetBytes / 1024} KiB; staff screens ${(staff.gz / 1024).toFixed(1)} KiB gzipped ` +
      `(${(staff.raw / 1024).toFixed(1)} KiB raw, ${staffJs.size} file(s)), budget ${staffBudgetBytes / 1024} KiB; ` +
      `organiser screens ${(org.gz / 1024).toFixed(1)} KiB gzipped (${orgJs.size} file(s) and a stylesheet), budget ${orgBudgetBytes / 1024} KiB`,
  );
  if (org.gz > orgBudgetBytes) {
    throw new Error(`organiser screens are ${org.gz} B gzipped, over the ${orgBudgetBytes} B budget`);
  }
  if (gz > budgetBytes) {
    throw new Error(`first screen is ${gz} B gzipped, over the ${budgetBytes} B budget`);
  }
  if (staff.gz > staffBudgetBytes) {
    throw new Error(`staff screens are ${staff.gz} B gzipped, over the ${staffBudgetBytes} B budget`);
  }
  await stat(join(dist, 'neutral.html'));
  await precompress(dist);
}

// Writes NAME.gz beside every text file: the server sends it to browsers that accept gzip,
// so phones on slow links download about a third of the bytes, with no compression at runtime.
async function precompress(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await precompress(path);
    } else if (/\.(html|js|css|json|svg|txt)$/.test(entry.name)) {
      await writeFile(path + '.gz', gzipSync(await readFile(path), { level: 9 }));
    }
  }
}

build().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

// Builds the two offline pages (opener.html, envelope.html): each page's
// TypeScript bundled by vite into one IIFE, inlined with the CSS into
// page.html. Output: core/share/opener/ (or the folder given as the first
// argument: `make opener`'s freshness check builds into a temporary one).
// The output depends only on the sources: no dates, no hashes of paths.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '../../core/share/opener'));
const template = readFileSync(join(here, 'page.html'), 'utf8');
const css = readFileSync(join(here, 'src/style.css'), 'utf8')
  .replace(/\/\*[^]*?\*\//g, '')
  .replace(/\s*\n\s*/g, '\n')
  .trim();

async function bundle(entry) {
  const res = await build({
    configFile: false,
    root: here,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: join(here, 'src', entry), formats: ['iife'], name: 'kinko', fileName: () => 'page.js' },
    },
  });
  const outputs = (Array.isArray(res) ? res : [res]).flatMap((r) => r.output);
  const js = outputs.filter((o) => o.type === 'chunk').map((o) => o.code);
  if (js.length !== 1) throw new Error(`${entry}: expected one chunk, got ${js.length}`);
  // Inside <script>, "</script" would end the element and "<!--" changes
  // how it is parsed: both are written so that they mean the same to JS.
  return js[0].replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--').trim();
}

mkdirSync(out, { recursive: true });
for (const [page, entry] of [['opener.html', 'opener.ts'], ['envelope.html', 'envelope.ts']]) {
  const js = await bundle(entry);
  const html = template.replace('/*KINKO:CSS*/', () => css).replace('/*KINKO:JS*/', () => js);
  if (html.split('<!--kinko:slot-->').length !== 2) throw new Error(`${page}: the slot must appear exactly once`);
  if (/https?:\/\/(?!www\.w3\.org\/)/.test(html)) console.warn(`${page}: note: contains an http(s) address (not loaded: the page's CSP allows no network)`);
  writeFileSync(join(out, page), html);
  console.log(`${page}: ${(html.length / 1024).toFixed(0)} KiB`);
}

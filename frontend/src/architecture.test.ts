import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Only stores may call the Go bindings; views and components go through
// stores (type-only imports of bridge types are fine).
const root = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'bridge' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'testing.ts' ? [p] : [];
  });
}

const runtimeBridgeImport = /^import\s+(?!type\b)[^;]*from\s+'[./]*(?:\.\.\/)*bridge(?:\/[^']*)?'/m;

describe('architecture', () => {
  const files = sources(root);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('lets only stores import the bridge at runtime', () => {
    const offenders = files
      .filter((f) => !relative(root, f).startsWith('stores/'))
      .filter((f) => runtimeBridgeImport.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('really detects a runtime import', () => {
    expect(runtimeBridgeImport.test("import { bridge } from '../bridge';")).toBe(true);
    expect(runtimeBridgeImport.test("import type { AppError } from '../bridge';")).toBe(false);
  });
});

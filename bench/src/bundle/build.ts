// Builds one bundle app (bench/apps/bundle/*.tsx) the way an app would ship it, and weighs the JS.
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

export const APPS_DIRECTORY = fileURLToPath(new URL('../../apps/bundle/', import.meta.url));

/** Bytes of all JS an app emits, entry and lazy chunks together. */
export interface AppWeight {
  readonly chunks: number;
  readonly minified: number;
  readonly gzip: number;
  readonly brotli: number;
  /** Whether `text` occurs in the emitted JS (a marker of a module that must or must not be there). */
  readonly includes: (text: string) => boolean;
}

/**
 * Every app gets the very same production build: Vite 8 (Rolldown), minified, ES2022 target,
 * NODE_ENV=production and the `production` exports condition, nothing external. Each chunk is
 * compressed on its own (as a server sends it): gzip level 9, brotli quality 11.
 */
export async function buildApp(entryFile: string): Promise<AppWeight> {
  const result = await build({
    configFile: false,
    root: APPS_DIRECTORY,
    logLevel: 'silent',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    // What `vite build` resolves (the `production` exports condition: core's production flavour),
    // spelled out so that a NODE_ENV left in the environment cannot switch it to `development`.
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      sourcemap: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: { input: `${APPS_DIRECTORY}${entryFile}` },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs
    .flatMap((output) => output.output)
    .filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
  const all = chunks.map((chunk) => chunk.code).join('\n');
  let minified = 0;
  let gzip = 0;
  let brotli = 0;
  for (const chunk of chunks) {
    const code = Buffer.from(chunk.code);
    minified += code.length;
    gzip += gzipSync(code, { level: 9 }).length;
    brotli += brotliCompressSync(code, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: code.length,
      },
    }).length;
  }
  return { chunks: chunks.length, minified, gzip, brotli, includes: (text) => all.includes(text) };
}

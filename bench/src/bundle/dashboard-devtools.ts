// The demo dashboard's production build must ship no devtools code: `<SesameDevtools />` from
// `@sesame/devtools` renders nothing when NODE_ENV is production, and the bundler drops the panel.
// Checked by a marker string, as the dpop module's absence is (budget.ts).
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

/** The devtools host element's attribute (packages/devtools/src/marker.ts): only their code has it. */
export const DEVTOOLS_MARKER = 'data-sesame-devtools';

const DASHBOARD = fileURLToPath(new URL('../../../apps/bank-dashboard/', import.meta.url));

/** Whether any emitted JavaScript chunk holds `marker`. */
export function chunksInclude(chunks: readonly { code: string }[], marker: string): boolean {
  return chunks.some((chunk) => chunk.code.includes(marker));
}

/**
 * Builds the dashboard as `vite build` does (its own vite.config.ts, production mode), in memory,
 * and says whether the devtools' marker is in its JavaScript. Also returns the number of chunks
 * searched, so a build that emitted nothing cannot pass unnoticed.
 */
export async function devtoolsInDashboardBuild(): Promise<{ found: boolean; chunks: number }> {
  const result = await build({
    root: DASHBOARD,
    configFile: `${DASHBOARD}vite.config.ts`,
    mode: 'production',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { write: false, sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs
    .flatMap((output) => output.output)
    .filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
  return { found: chunksInclude(chunks, DEVTOOLS_MARKER), chunks: chunks.length };
}

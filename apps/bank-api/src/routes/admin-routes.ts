import type { LedgerReport } from '../bank/ledger.js';
import { faultSettingsPatchSchema, parseFaultPatch, type FaultController } from '../faults.js';
import { ApiError } from '../http/api-error.js';
import { ok, type ApiResponse } from '../http/api-response.js';
import { Router } from '../http/router.js';
import type { RequestLogEntry } from '../request-log.js';

/** What the admin endpoints can reach. */
export interface AdminContext {
  readonly faults: FaultController;
  readonly requestLog: readonly RequestLogEntry[];
  readonly ledger: () => LedgerReport;
  /** Data back to the seed and faults off. */
  readonly reset: () => void;
  readonly query: URLSearchParams;
  /** Reads the JSON body on demand (only POST /__admin/faults has one). */
  readonly body: () => Promise<unknown>;
}

export type AdminRoute = (context: AdminContext) => ApiResponse | Promise<ApiResponse>;

function ledgerView(report: LedgerReport) {
  // bigint does not survive JSON: send decimal strings of minor units.
  return {
    initialMinor: report.initialMinor.toString(),
    totalMinor: report.totalMinor.toString(),
    externalPaymentsMinor: report.externalPaymentsMinor.toString(),
    balanced: report.balanced,
    problems: report.problems,
  };
}

/**
 * Unauthenticated test and demo controls under `/__admin`. Mounted only when `admin: true`:
 * anyone who can reach the port can use them, which is the point for a chaos switch and e2e.
 */
export function adminRouter(): Router<AdminRoute> {
  return new Router<AdminRoute>()
    .add('GET', '/__admin/faults', ({ faults }) => ok(faults.get()))
    .add('POST', '/__admin/faults', async ({ faults, body }) => {
      const parsed = faultSettingsPatchSchema.safeParse(await body());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ApiError(
          422,
          'validation_failed',
          `${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
        );
      }
      faults.set(parseFaultPatch(parsed.data));
      return ok(faults.get());
    })
    .add('POST', '/__admin/reset', ({ reset }) => {
      reset();
      return { status: 204 };
    })
    .add('GET', '/__admin/request-log', ({ requestLog, query }) => {
      const limit = Number(query.get('limit') ?? '1000');
      const count = Number.isInteger(limit) && limit > 0 ? limit : 1000;
      return ok({ items: requestLog.slice(-count) });
    })
    .add('GET', '/__admin/ledger', ({ ledger }) => ok(ledgerView(ledger())));
}

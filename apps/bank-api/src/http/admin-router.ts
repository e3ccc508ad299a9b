import { faultSettingsPatchSchema, parseFaultPatch, type FaultController } from '../faults.js';
import type { RequestLogEntry } from '../request-log.js';
import { ApiError } from './api-error.js';
import { ok, type ApiResponse } from './api-response.js';
import { Router } from './router.js';

/** What every API's admin endpoints can reach; an API may add more (the bank adds its ledger). */
export interface AdminContext {
  readonly faults: FaultController;
  readonly requestLog: readonly RequestLogEntry[];
  /** The API's state back to its start, faults off. */
  readonly reset: () => void;
  readonly query: URLSearchParams;
  /** Reads the JSON body on demand (only POST /__admin/faults has one). */
  readonly body: () => Promise<unknown>;
}

/** An admin endpoint's handler. */
export type AdminRoute<C extends AdminContext = AdminContext> = (
  context: C,
) => ApiResponse | Promise<ApiResponse>;

/**
 * Unauthenticated test and demo controls under `/__admin` that every mock API has: faults, reset
 * and the request log. Mounted only when `admin: true`: anyone who can reach the port can use
 * them, which is the point for a chaos switch and e2e. An API adds its own with `.add()`.
 */
export function createAdminRouter<C extends AdminContext = AdminContext>(): Router<AdminRoute<C>> {
  return new Router<AdminRoute<C>>()
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
    });
}

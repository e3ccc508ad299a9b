import {
  ApiError,
  faultSettingsPatchSchema,
  ok,
  parseFaultPatch,
  Router,
  type ApiResponse,
  type FaultController,
  type RequestLogEntry,
} from '@sesame/bank-api/resource-server';

/** What the admin endpoints can reach. */
export interface AdminContext {
  readonly faults: FaultController;
  readonly requestLog: readonly RequestLogEntry[];
  readonly query: URLSearchParams;
  /** Reads the JSON body on demand (only POST /__admin/faults has one). */
  readonly body: () => Promise<unknown>;
}

export type AdminRoute = (context: AdminContext) => ApiResponse | Promise<ApiResponse>;

/**
 * Unauthenticated test and demo controls under `/__admin`, the bank API's minus its ledger.
 * Mounted only with `admin: true`.
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
    .add('POST', '/__admin/reset', ({ faults }) => {
      faults.reset();
      return { status: 204 };
    })
    .add('GET', '/__admin/request-log', ({ requestLog, query }) => {
      const limit = Number(query.get('limit') ?? '1000');
      const count = Number.isInteger(limit) && limit > 0 ? limit : 1000;
      return ok({ items: requestLog.slice(-count) });
    });
}

import type { LedgerReport } from '../bank/ledger.js';
import { ok } from '../http/api-response.js';
import { createAdminRouter, type AdminContext, type AdminRoute } from '../http/admin-router.js';
import type { Router } from '../http/router.js';

/** What the bank's admin endpoints can reach: every API's, plus the ledger. */
export interface BankAdminContext extends AdminContext {
  readonly ledger: () => LedgerReport;
}

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

/** The shared `/__admin` controls (faults, reset = data back to the seed, request log) and the ledger. */
export function adminRouter(): Router<AdminRoute<BankAdminContext>> {
  return createAdminRouter<BankAdminContext>().add('GET', '/__admin/ledger', ({ ledger }) =>
    ok(ledgerView(ledger())),
  );
}

/**
 * The accounting API (tariffs, VAT, readings, installments, move-out, bills, balances, SEPA files,
 * payment runs, bank statements): one file per resource, in one scope with strict validation and
 * the domain errors mapped to problems (./http.ts). Roles: server/auth/rules.ts.
 */
import type { FastifyInstance } from 'fastify';
import { registerBalanceRoutes } from './balance';
import { registerBankStatementRoutes } from './bank-statements';
import { registerBaseRateRoutes } from './base-rates';
import { registerBillRoutes, type BillDeps } from './bills';
import { registerDunningStrategyRoutes } from './dunning-strategy';
import { registerDunningRoutes } from './dunning';
import { useAccountingScope } from './http';
import { registerInstallmentPlanRoutes } from './installment-plan';
import { registerMandateRoutes, type MandateDeps } from './mandates';
import { registerMoveOutRoutes } from './move-out';
import { registerPaymentFileRoutes } from './payment-files';
import { registerPropensityRoutes } from './propensity';
import { registerReadingRoutes } from './readings';
import { registerTariffRoutes } from './tariffs';
import { registerVatRateRoutes } from './vat-rates';

export type { AccountingDeps } from './http';

/** The mandate routes send a confirmation mail: a mailer, or the SMTP settings (the server passes all settings). */
export async function registerAccountingRoutes(app: FastifyInstance, deps: MandateDeps & BillDeps): Promise<void> {
  await app.register(async (scope) => {
    useAccountingScope(scope);
    await registerTariffRoutes(scope, deps);
    await registerVatRateRoutes(scope, deps);
    await registerBaseRateRoutes(scope, deps);
    await registerReadingRoutes(scope, deps);
    await registerInstallmentPlanRoutes(scope, deps);
    await registerMoveOutRoutes(scope, deps);
    await registerBillRoutes(scope, deps);
    await registerBalanceRoutes(scope, deps);
    await registerMandateRoutes(scope, deps);
    await registerPaymentFileRoutes(scope, deps);
    await registerBankStatementRoutes(scope, deps);
    await registerDunningStrategyRoutes(scope, deps);
    await registerPropensityRoutes(scope, deps);
    await registerDunningRoutes(scope, deps);
  });
}

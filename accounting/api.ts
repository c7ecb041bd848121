/** The accounting app's calls to /api (roles per route: server/auth/rules.ts). */
import { api } from '../web/api';
import type { Tariff, TariffVersion } from '../domain/tariffs/types';
import type { AccountBalance } from '../domain/ledger/balance';
import type { StatementInfo, StatementSummary } from '../domain/payments/statements';

export type { Tariff, TariffVersion, AccountBalance, StatementInfo, StatementSummary };

export interface PaymentFileInfo {
  id: string;
  kind: 'pain.008' | 'pain.001';
  messageId: string;
  executionDate: string;
  transactionCount: number;
  controlSumCents: number;
  createdAt: string;
}

export interface PriceChange {
  validFrom: string;
  basePriceMonthNet: string;
  workingPriceKwhNet: string;
}

const seg = (s: string) => encodeURIComponent(s);

export const tariffs = {
  list: async () => (await api.get<{ items: Tariff[] }>('/api/tariffs')).items,
  changePrice: (code: string, change: PriceChange) => api.post<TariffVersion>(`/api/tariffs/${seg(code)}/versions`, change),
};

export const balances = {
  of: (accountNumber: string) =>
    api.get<AccountBalance & { accountNumber: string; paymentMethod: string }>(`/api/accounts/${seg(accountNumber)}/balance`),
};

export const paymentFiles = {
  list: async () => (await api.get<{ items: PaymentFileInfo[] }>('/api/payment-files')).items,
  xmlUrl: (id: string) => `/api/payment-files/${seg(id)}/xml`,
};

export const statements = {
  list: async () => (await api.get<{ items: StatementSummary[] }>('/api/bank-statements')).items,
  upload: (fileName: string, xml: string) =>
    api.post<{ statement: StatementInfo; duplicate: boolean; processInstanceKey: string | null }>('/api/bank-statements', {
      fileName,
      xml,
    }),
};

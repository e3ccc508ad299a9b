import { createContext, useContext, type ReactNode } from 'react';
import type { BankApi } from './bank-api';

const BankApiContext = createContext<BankApi | null>(null);

export function BankApiProvider({ api, children }: { api: BankApi; children: ReactNode }) {
  return <BankApiContext.Provider value={api}>{children}</BankApiContext.Provider>;
}

export function useBankApi(): BankApi {
  const api = useContext(BankApiContext);
  if (!api) throw new Error('useBankApi() needs a <BankApiProvider> above it.');
  return api;
}

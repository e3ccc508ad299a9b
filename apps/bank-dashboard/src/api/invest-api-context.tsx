import { createContext, useContext, type ReactNode } from 'react';
import type { InvestApi } from './invest-api';

const InvestApiContext = createContext<InvestApi | null>(null);

export function InvestApiProvider({ api, children }: { api: InvestApi; children: ReactNode }) {
  return <InvestApiContext.Provider value={api}>{children}</InvestApiContext.Provider>;
}

export function useInvestApi(): InvestApi {
  const api = useContext(InvestApiContext);
  if (!api) throw new Error('useInvestApi() needs an <InvestApiProvider> above it.');
  return api;
}

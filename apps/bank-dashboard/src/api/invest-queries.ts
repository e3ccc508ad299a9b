import { useQuery } from '@tanstack/react-query';
import { useInvestApi } from './invest-api-context';

/** The investments API's query keys, apart from the bank's. */
export const investKeys = {
  portfolio: ['investments', 'portfolio'] as const,
  performance: (days: number) => ['investments', 'performance', days] as const,
  allocation: ['investments', 'allocation'] as const,
};

export function usePortfolio() {
  const api = useInvestApi();
  return useQuery({
    queryKey: investKeys.portfolio,
    queryFn: ({ signal }) => api.portfolio(signal),
  });
}

export function usePerformance(days: number) {
  const api = useInvestApi();
  return useQuery({
    queryKey: investKeys.performance(days),
    queryFn: ({ signal }) => api.performance(days, signal),
  });
}

export function useAllocation() {
  const api = useInvestApi();
  return useQuery({
    queryKey: investKeys.allocation,
    queryFn: ({ signal }) => api.allocation(signal),
  });
}

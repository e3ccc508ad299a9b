import { createContext, useContext } from 'react';
import type { DashboardConfig } from '../config/runtime-config';

export const ConfigContext = createContext<DashboardConfig | null>(null);

export function useConfig(): DashboardConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error('useConfig() needs the app root above it.');
  return config;
}

/**
 * The React context through which a host hands the charts their ChartSource (the page's lanes, or one
 * figure's run). Its own module, so that a host can provide it without loading the charts' code (a lazy
 * chunk in the page).
 */
import { createContext } from 'react';
import type { ChartSource } from './source';

export const ChartSourceContext = createContext<ChartSource | null>(null);

import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

export interface SessionValue {
  me: Me;
  signOut: (everywhere: boolean) => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in user (pages under the signed-in layout only). */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a session');
  return value;
}

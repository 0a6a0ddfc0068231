import { useEffect, useState } from 'preact/hooks';
import { knownSession, loadSession, onSessionChange, type Session } from './session.ts';

/**
 * The current session in a component: null while it loads, then the signed-in caller (or the
 * public), updated on every sign-in and sign-out anywhere in the page.
 * @example const session = useSession(); if (session?.role === 'auditor') ...
 */
export function useSession(): Session | null {
  const [session, setSession] = useState<Session | null>(knownSession());
  useEffect(() => {
    const unsubscribe = onSessionChange(setSession);
    if (knownSession() === null) void loadSession().catch(() => undefined);
    return unsubscribe;
  }, []);
  return session;
}

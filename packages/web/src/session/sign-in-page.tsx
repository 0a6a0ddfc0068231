import { useState } from 'preact/hooks';
import { ApiError } from '../api/fetch-document.ts';
import { signIn, signOut } from '../api/session.ts';
import { useSession } from '../api/use-session.ts';

const ROLE_NAMES: Record<string, string> = {
  'state-admin': 'State administrator',
  'county-official': 'County official',
  auditor: 'Auditor',
  partner: 'Partner',
  public: 'Public',
};

/** The path of the sign-in page. */
export const SIGN_IN_PATH = '/sign-in';

/** True for the sign-in page's path. */
export function isSignInPath(pathname: string): boolean {
  return /^\/sign-in\/?$/.test(pathname);
}

/**
 * Signing in to Canvass: a name and password form, then who is signed in (name, role and, for
 * a county official, their counties) with a sign-out button. Pages that write use the same
 * session through `api/session.ts`.
 */
export function SignInPage() {
  const session = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      setPassword('');
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? error.message
          : `Could not reach the server: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  if (session === null)
    return (
      <main class="page sign-in-page">
        <p role="status">Loading…</p>
      </main>
    );

  if (session.signedIn)
    return (
      <main class="page sign-in-page">
        <h1>Signed in</h1>
        <dl class="session-facts" data-testid="session">
          <dt>Name</dt>
          <dd data-testid="session-name">{session.name}</dd>
          <dt>Role</dt>
          <dd data-testid="session-role">{ROLE_NAMES[session.role] ?? session.role}</dd>
          {session.counties.length > 0 && (
            <>
              <dt>Counties</dt>
              <dd>{session.counties.join(', ')}</dd>
            </>
          )}
        </dl>
        {problem !== null && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <p>
          <button type="button" disabled={busy} onClick={() => void run(signOut)}>
            Sign out
          </button>{' '}
          <a href="/">Results</a>
        </p>
      </main>
    );

  return (
    <main class="page sign-in-page">
      <h1>Sign in</h1>
      <p>For election officials, auditors and partners. Results are public and need no account.</p>
      <form
        class="sign-in-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => signIn(name.trim(), password));
        }}
      >
        <label>
          Name
          <input
            name="name"
            autocomplete="username"
            required
            value={name}
            onInput={(event) => {
              setName(event.currentTarget.value);
            }}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => {
              setPassword(event.currentTarget.value);
            }}
          />
        </label>
        {problem !== null && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

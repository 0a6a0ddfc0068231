import { render } from 'preact';
import { App } from './components/app.tsx';
import { AuditPage } from './audit/audit-page.tsx';
import { AuditIndexPage } from './audit/audit-index.tsx';
import { auditIdOf, auditsElectionOf } from './audit/audit-route.ts';
import { parseRoute } from './routing.ts';
import { isSignInPath, SignInPage } from './session/sign-in-page.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  const auditId = auditIdOf(window.location.pathname);
  const auditsOf = auditsElectionOf(window.location.pathname);
  render(
    isSignInPath(window.location.pathname) ? (
      <SignInPage />
    ) : auditsOf !== null ? (
      <AuditIndexPage electionId={auditsOf} />
    ) : auditId === null ? (
      <App route={parseRoute(window.location)} />
    ) : (
      <AuditPage auditId={auditId} />
    ),
    root,
  );
}

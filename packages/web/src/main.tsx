import { render } from 'preact';
import { App } from './components/app.tsx';
import { AuditPage } from './audit/audit-page.tsx';
import { auditIdOf } from './audit/audit-route.ts';
import { parseRoute } from './routing.ts';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  const auditId = auditIdOf(window.location.pathname);
  render(
    auditId === null ? (
      <App route={parseRoute(window.location)} />
    ) : (
      <AuditPage auditId={auditId} />
    ),
    root,
  );
}

import type { ContestRecountSection } from '@canvass/core';
import type { ContestDocument } from '../api/types.ts';
import './recount-badge.css';

/** Props of {@link RecountBadge}. */
export interface RecountBadgeProps {
  /** A contest from the server's results documents, which carry a `recount` section. */
  readonly contest: ContestDocument & { readonly recount?: ContestRecountSection };
}

/**
 * The contest's margin against its state's automatic-recount threshold, in the server's words
 * ("Outside the automatic-recount margin: 1.63% > 0.5%"), with the statute in a tooltip. Shows
 * nothing for a document without the section (an older server).
 */
export function RecountBadge({ contest }: RecountBadgeProps) {
  const recount = contest.recount;
  if (recount === undefined || recount.status === 'not-applicable') return null;
  const check = recount.check;
  const triggered = check?.automatic.triggered === true;
  const title =
    check === null
      ? 'The election definition does not say enough to apply a recount law.'
      : [check.automatic.reason, check.automatic.citation, 'Figures are unofficial.']
          .filter((part): part is string => part !== null)
          .join(' ');
  return (
    <p
      class={`recount-badge ${recount.status}${triggered ? ' triggered' : ''}`}
      data-testid="recount-badge"
      title={title}
    >
      {recount.badge}
      {check?.automatic.citation == null ? null : (
        <span class="recount-citation"> ({check.automatic.citation})</span>
      )}
    </p>
  );
}

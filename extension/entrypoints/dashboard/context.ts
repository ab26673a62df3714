import type { Outcome } from '../../../shared/workspace';
import type { EngineClient } from '../../engine/client';
import { type Alerts, describeError } from './alerts';
import type { OperationPanel } from './operation';
import type { Views } from './views';

/** What every part of the dashboard works with. */
export interface Dashboard {
  engine: EngineClient;
  alerts: Alerts;
  /** Which view shows; a view registers `views.onShow` to load its data when shown. */
  views: Views;
  operation: OperationPanel;
  /** Says what just happened, in the page's role="status" line. */
  report(message: string): void;
  /** Reads the workspace status again and redraws it. */
  refresh(): Promise<void>;
}

/** Reports an operation's Outcome: a summary when it worked, the error's words when not. */
export function reportOutcome<T>(
  dashboard: Dashboard,
  outcome: Outcome<T>,
  done: (value: T) => string,
): void {
  if (outcome.ok) dashboard.report(done(outcome.value));
  else if (outcome.error.kind === 'cancelled') dashboard.report(outcome.error.message);
  else dashboard.alerts.showError(describeError(outcome.error));
}

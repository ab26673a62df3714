/** A change to the governance settings, checked, with the audit entries that record it. */
import { type Outcome, ok } from '../../shared/workspace';
import type { GovernanceSettings } from '../api/governance-types';
import type { AuditBody } from './audit-of-change';
import { invalid, RETENTION_DAYS_RULE } from './refusals';
import { LIMITS, withinLimits } from './retention';

/** The settings after `changes`, and one entry per setting that really changed (none: nothing to store). */
export function settingsChange(
  current: GovernanceSettings,
  changes: Partial<GovernanceSettings>,
): Outcome<{ next: GovernanceSettings; bodies: AuditBody[] }> {
  const next = { ...current };
  if (changes.defaultRetentionDays !== undefined) {
    if (!withinLimits(changes.defaultRetentionDays, LIMITS.retentionDays))
      return invalid(RETENTION_DAYS_RULE);
    next.defaultRetentionDays = changes.defaultRetentionDays;
  }
  if (changes.idleLockMinutes !== undefined) {
    if (!withinLimits(changes.idleLockMinutes, LIMITS.idleLockMinutes))
      return invalid(`The idle lock is a whole number of minutes from 1 to ${LIMITS.idleLockMinutes.max}.`);
    next.idleLockMinutes = changes.idleLockMinutes;
  }
  const bodies: AuditBody[] = [];
  if (next.defaultRetentionDays !== current.defaultRetentionDays)
    bodies.push({
      action: 'settings-change',
      details: {
        setting: 'retention.defaultDays',
        from: current.defaultRetentionDays,
        to: next.defaultRetentionDays,
      },
    });
  if (next.idleLockMinutes !== current.idleLockMinutes)
    bodies.push({
      action: 'settings-change',
      details: { setting: 'idleLock.minutes', from: current.idleLockMinutes, to: next.idleLockMinutes },
    });
  return ok({ next, bodies });
}

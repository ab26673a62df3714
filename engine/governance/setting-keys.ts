/** The store settings the governance layer keeps (wipe.ts says which of them a wipe keeps). */
export const SETTING = {
  profiles: 'governance.profiles',
  actor: 'governance.actor',
  config: 'governance.config',
  retention: 'governance.retention',
  lastPurge: 'governance.lastPurge',
  lastWipe: 'governance.lastWipe',
  lastVerification: 'governance.lastVerification',
} as const;

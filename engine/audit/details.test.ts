import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AuditDraftError, appendEntry, checkDraft } from './index';
import { SAMPLE_ACTOR, SAMPLE_DRAFTS } from './sample-drafts';

const at = new Date(Date.UTC(2024, 4, 1));

/** A draft with its details replaced, bypassing the types as a careless caller's `any` would. */
const withDetails = (action: string, details: unknown): unknown => ({ actor: SAMPLE_ACTOR, action, details });

describe('audit details', () => {
  it.each(AUDIT_ACTIONS)('accepts a well-formed %s', (action) => {
    expect(checkDraft(SAMPLE_DRAFTS[action])).toEqual({ ok: true, draft: SAMPLE_DRAFTS[action] });
  });

  it('refuses a field the action does not have, naming neither the field nor its value', async () => {
    const draft = withDetails('review-decision', {
      ...SAMPLE_DRAFTS['review-decision'].details,
      forenames: 'Jane',
      dob: '1985-03-12',
    });
    expect(checkDraft(draft)).toEqual({
      ok: false,
      problems: [{ path: 'details', code: 'unrecognized_keys' }],
    });
    const refused = appendEntry(null, draft as never, at);
    await expect(refused).rejects.toBeInstanceOf(AuditDraftError);
    await expect(refused).rejects.toThrow('The audit entry was refused: details (unrecognized_keys).');
    await expect(refused).rejects.not.toThrow(/Jane|1985|forenames/);
  });

  it('refuses a record passed whole where record keys were expected', () => {
    const record = { datasetId: 'ds1', recordId: 'TR0001', fields: { surname: 'SMITH' } };
    const check = checkDraft(withDetails('view-person', { recordKeys: [record], surface: 'dashboard' }));
    expect(check).toEqual({ ok: false, problems: [{ path: 'details.recordKeys.0', code: 'invalid_type' }] });
  });

  it.each([
    ['a name as a record key', 'review-decision', { left: 'Jane Smith', right: 'ds2/TR0001' }],
    [
      'a date of birth in a record key',
      'review-decision',
      { left: 'ds1/A1 12 03 1985', right: 'ds2/TR0001' },
    ],
    ['a note as a setting value', 'settings-change', { setting: 'note', from: null, to: 'saw Jane today' }],
    ['a made-up count', 'link', { counts: { JaneSmith: 1 } }],
    [
      'an export kind outside the list',
      'export',
      { kind: 'everyone-named', rowCount: 3, destination: 'download' },
    ],
    [
      'a hash that is not a SHA-256',
      'import',
      { input: { ...SAMPLE_DRAFTS.import.details.input, sha256: 'x' } },
    ],
    [
      'a file name with a line break',
      'import',
      { input: { ...SAMPLE_DRAFTS.import.details.input, fileName: 'a\nb' } },
    ],
  ])('refuses %s', (_, action, change) => {
    const details = { ...SAMPLE_DRAFTS[action as keyof typeof SAMPLE_DRAFTS].details, ...change };
    const check = checkDraft(withDetails(action, details));
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toMatch(/Jane|1985/);
  });

  it('refuses an unknown action and an actor without a known role', () => {
    expect(checkDraft(withDetails('delete-everything', {}))).toMatchObject({
      ok: false,
      problems: [{ path: 'action' }],
    });
    const actor = { ...SAMPLE_ACTOR, role: 'admin' };
    expect(checkDraft({ ...SAMPLE_DRAFTS.unlock, actor })).toMatchObject({
      ok: false,
      problems: [{ path: 'actor.role' }],
    });
  });
});

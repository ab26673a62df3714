import { describe, expect, it } from 'vitest';
import { cleanName } from './names';
import { areNicknames, NICKNAME_GROUPS, nicknameGroupsOf } from './nicknames';

const formalOf = (name: string) => nicknameGroupsOf(name).map((g) => NICKNAME_GROUPS[g][0]);

describe('NICKNAME_GROUPS', () => {
  it('has at least 150 groups of a formal name and one or more variants', () => {
    expect(NICKNAME_GROUPS.length).toBeGreaterThanOrEqual(150);
    for (const group of NICKNAME_GROUPS) expect(group.length, group[0]).toBeGreaterThanOrEqual(2);
  });

  it('holds every entry in cleaned form, so cleaned names look it up directly', () => {
    for (const group of NICKNAME_GROUPS) {
      for (const name of group) expect(cleanName(name), name).toBe(name);
      expect(new Set(group).size, `duplicate inside ${group[0]}`).toBe(group.length);
    }
  });

  it('starts each group with a distinct formal name', () => {
    const formal = NICKNAME_GROUPS.map((g) => g[0]);
    expect(new Set(formal).size).toBe(formal.length);
  });

  it('covers British short forms', () => {
    for (const nick of ['BILL', 'BILLY', 'WILL', 'WILLIE', 'LIAM'])
      expect(formalOf(nick)).toContain('WILLIAM');
    for (const nick of ['BOB', 'ROB', 'ROBBIE', 'BOBBY']) expect(formalOf(nick)).toContain('ROBERT');
    for (const nick of ['JIM', 'JIMMY', 'JAMIE']) expect(formalOf(nick)).toContain('JAMES');
    expect(formalOf('DEL')).toContain('DEREK');
    expect(formalOf('TEL')).toContain('TERENCE');
    expect(formalOf('TERRY')).toContain('TERENCE');
    expect(formalOf('KAZ')).toContain('KAREN');
    expect(formalOf('GAZ')).toContain('GARY');
    expect(formalOf('SHAZ')).toContain('SHARON');
    expect(formalOf('BEX')).toContain('REBECCA');
  });
});

describe('nicknameGroupsOf', () => {
  it('lists every group of a name that belongs to several', () => {
    expect(formalOf('ALEX')).toEqual(expect.arrayContaining(['ALEXANDER', 'ALEXANDRA']));
    expect(formalOf('CHRIS')).toEqual(expect.arrayContaining(['CHRISTOPHER', 'CHRISTIAN', 'CHRISTINE']));
    expect(formalOf('SAM')).toEqual(expect.arrayContaining(['SAMUEL', 'SAMANTHA']));
    expect(formalOf('JO')).toEqual(expect.arrayContaining(['JOANNE', 'JOSEPHINE']));
  });

  it('includes the group a formal name heads', () => {
    expect(formalOf('WILLIAM')).toContain('WILLIAM');
  });

  it('ignores case and surrounding space, and returns nothing for unknown names', () => {
    expect(nicknameGroupsOf(' bill ')).toEqual(nicknameGroupsOf('BILL'));
    expect(nicknameGroupsOf('XYZZY')).toEqual([]);
    expect(nicknameGroupsOf('')).toEqual([]);
  });

  it('lists each group once even if the name repeats in it', () => {
    for (const name of ['ALEX', 'CHRIS', 'ED']) {
      const groups = nicknameGroupsOf(name);
      expect(new Set(groups).size).toBe(groups.length);
    }
  });
});

describe('areNicknames', () => {
  it('links a short form to its formal name and to its siblings, never a name to itself', () => {
    expect(areNicknames('BILL', 'WILLIAM')).toBe(true);
    expect(areNicknames('BILL', 'LIAM')).toBe(true);
    expect(areNicknames('WILLIAM', 'WILLIAM')).toBe(false);
    expect(areNicknames('BILL', 'ROBERT')).toBe(false);
    expect(areNicknames('XYZZY', 'WILLIAM')).toBe(false);
  });
});

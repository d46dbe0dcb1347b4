import { describe, expect, it } from 'vitest';
import { defeatedStaffGate } from '../../../src/checks/staff-gate.js';
import type { PermissionRef } from '../../../src/probe/types.js';

const P = 'rest_framework.permissions.';
const classes = {
  [`${P}IsAdminUser`]: { mro: [`${P}IsAdminUser`, `${P}BasePermission`] },
  [`${P}IsAuthenticated`]: { mro: [`${P}IsAuthenticated`, `${P}BasePermission`] },
  'shop.permissions.IsStaff': { mro: ['shop.permissions.IsStaff', `${P}BasePermission`], readsStaff: true },
  'shop.permissions.ReadOnly': { mro: ['shop.permissions.ReadOnly', `${P}BasePermission`] },
};
const ctx = { classes };
const or = (left: PermissionRef, right: PermissionRef): PermissionRef => ({ op: 'or', left, right });

describe('a staff gate an OR defeats', () => {
  it('IsAuthenticated | IsAdminUser: every signed-in user passes, the staff check decides nothing', () => {
    expect(defeatedStaffGate([or(`${P}IsAuthenticated`, `${P}IsAdminUser`)], ctx)).toBe('IsAuthenticated | IsAdminUser');
    expect(defeatedStaffGate([or('shop.permissions.IsStaff', `${P}IsAuthenticated`)], ctx)).toBe('IsStaff | IsAuthenticated');
  });

  it('leaves IsAdminUser alone, AND-ed with anything, or OR-ed with a rule that still lets it decide writes', () => {
    expect(defeatedStaffGate([`${P}IsAdminUser`], ctx)).toBeUndefined();
    expect(defeatedStaffGate([{ op: 'and', left: `${P}IsAuthenticated`, right: `${P}IsAdminUser` }], ctx)).toBeUndefined();
    // A custom read-only rule is unknown to the harness: nothing can be said of it.
    expect(defeatedStaffGate([or(`${P}IsAdminUser`, 'shop.permissions.ReadOnly')], ctx)).toBeUndefined();
    expect(defeatedStaffGate([or(`${P}IsAdminUser`, `${P}DjangoModelPermissionsOrAnonReadOnly`)], ctx)).toBeUndefined();
    // IsAuthenticatedOrReadOnly lets a signed-in user write too: OR-ed with it, IsAdminUser decides nothing.
    expect(defeatedStaffGate([or(`${P}IsAdminUser`, `${P}IsAuthenticatedOrReadOnly`)], ctx)).toBe('IsAdminUser | IsAuthenticatedOrReadOnly');
  });
});

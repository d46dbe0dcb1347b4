/**
 * Where staff was meant, from the permissions the probe reported: a staff gate (IsAdminUser, or a
 * project's class whose has_permission reads is_staff / is_superuser) OR-ed with a class that admits
 * every signed-in user for every method (`IsAuthenticated | IsAdminUser`) never decides anything — the
 * composition admits plain users, which is what a `|` written for a `&` (or a list) does. A staff gate
 * OR-ed with a read-only rule (`IsAdminUser | ReadOnly`) still decides writes: not flagged. Pure.
 */
import { allows, type AccessContext } from '../probe/access.js';
import type { PermissionRef, ProbeClassInfo } from '../probe/types.js';

const ADMIN = 'rest_framework.permissions.IsAdminUser';
const short = (ref: PermissionRef): string => (typeof ref === 'string' ? ref.split('.').at(-1)! : ref.op === 'not' ? `~${short(ref.operand)}` : `(${short(ref.left)} ${ref.op === 'and' ? '&' : '|'} ${short(ref.right)})`);

/** A class that admits staff only. */
export function isStaffGate(ref: PermissionRef, classes: Record<string, ProbeClassInfo>): boolean {
  if (typeof ref !== 'string') return false;
  return (classes[ref]?.mro ?? [ref]).includes(ADMIN) || classes[ref]?.readsStaff === true;
}

function admitsEveryUser(ref: PermissionRef, ctx: AccessContext): boolean {
  return allows(ref, 'user', true, ctx) === true && allows(ref, 'user', false, ctx) === true;
}

/**
 * The OR that defeats a staff gate in these permissions (`IsAuthenticated | IsAdminUser`), as text;
 * undefined when every staff gate still decides something.
 */
export function defeatedStaffGate(refs: readonly PermissionRef[], ctx: AccessContext & { classes: Record<string, ProbeClassInfo> }): string | undefined {
  const walk = (ref: PermissionRef): string | undefined => {
    if (typeof ref === 'string') return undefined;
    if (ref.op === 'not') return walk(ref.operand);
    if (ref.op === 'or') {
      for (const [gate, other] of [[ref.left, ref.right], [ref.right, ref.left]] as const) {
        if (isStaffGate(gate, ctx.classes) && admitsEveryUser(other, ctx)) return `${short(ref.left)} | ${short(ref.right)}`;
      }
    }
    return walk(ref.left) ?? walk(ref.right);
  };
  for (const ref of refs) {
    const found = walk(ref);
    if (found) return found;
  }
  return undefined;
}

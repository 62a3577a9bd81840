/**
 * Who may do what (accounts issue): one table of roles and what each may reach. Every
 * API route declares one access level; the server checks it in one place.
 */
export const ROLES = ['admin', 'data-steward', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_LEVELS = [
  /** Anyone, signed in or not (health, sign-in page, static files). */
  'public',
  /** Any signed-in person, whatever their communities (their own account). */
  'signed-in',
  /** A community's aggregates: any member, and a public share link to that community. */
  'aggregates',
  /** Learning work (measures, aims, driver diagrams, PDSA cycles): members and above. */
  'learning',
  /** Person-level records and imports: data stewards and admins. */
  'person-level',
  /** Users, roles, settings, share links, the audit log: admins. */
  'admin',
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const ALLOWED: Record<Exclude<AccessLevel, 'public' | 'signed-in'>, readonly Role[]> = {
  aggregates: ['admin', 'data-steward', 'member', 'viewer'],
  learning: ['admin', 'data-steward', 'member'],
  'person-level': ['admin', 'data-steward'],
  admin: ['admin'],
};

/** Who is asking. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: number; username: string; displayName: string; roles: ReadonlyMap<number, Role> }
  | { kind: 'share-link'; communityId: number; linkId: number };

/** Whether a principal may reach a route of this level for this community (null: the route names none). */
export function mayAccess(principal: Principal, level: AccessLevel, communityId: number | null): boolean {
  if (level === 'public') return true;
  if (principal.kind === 'anonymous') return false;
  if (level === 'signed-in') return principal.kind === 'user';
  if (communityId === null) return false;
  if (principal.kind === 'share-link') return level === 'aggregates' && principal.communityId === communityId;
  const role = principal.roles.get(communityId);
  return role !== undefined && ALLOWED[level].includes(role);
}

/** Viewers and public links see small cells suppressed; those who work with the data see them. */
export function seesSmallCells(principal: Principal, communityId: number): boolean {
  if (principal.kind !== 'user') return false;
  const role = principal.roles.get(communityId);
  return role === 'admin' || role === 'data-steward' || role === 'member';
}

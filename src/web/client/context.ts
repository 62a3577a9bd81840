/** Who is looking, and at which community: what every page needs to know. */
export type Role = 'admin' | 'data-steward' | 'member' | 'viewer';

export interface Viewer {
  kind: 'user' | 'share-link';
  name: string;
  communities: { slug: string; name: string; role: Role | null }[];
}

export interface PageContext {
  viewer: Viewer;
  community: { slug: string; name: string; role: Role | null };
  /** The route's remaining path segments after the page name. */
  args: string[];
  /** Where the page draws. */
  main: HTMLElement;
}

export const canDoLearningWork = (role: Role | null) => role === 'admin' || role === 'data-steward' || role === 'member';
export const canSeePeople = (role: Role | null) => role === 'admin' || role === 'data-steward';

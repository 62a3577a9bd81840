import type { FastifyServerOptions } from 'fastify';

/**
 * The server's structured log: one JSON line per event (pino, through Fastify), with a
 * request id on every line of a request, the method, the path, the status and the time
 * taken. Secrets and person-level identifiers never reach it: share-link tokens and
 * person ids in paths are replaced, query strings (which can hold search text) are
 * dropped, and no headers (cookies, CSRF tokens) are logged.
 */
export function loggerOptions(level: string, stream?: { write(line: string): void }): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: loggablePath(req.url), ip: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

const HIDDEN: [RegExp, string][] = [
  [/^\/share\/[^/]+/, '/share/[token]'],
  [/^(\/api\/communities\/[^/]+\/people)\/[^/]+/, '$1/[person]'],
];

/** A request's path as the log may keep it. */
export function loggablePath(url: string): string {
  let path = url.split('?')[0];
  for (const [pattern, replacement] of HIDDEN) path = path.replace(pattern, replacement);
  return url.includes('?') ? `${path}?…` : path;
}

/** `ZEROLOOP_LOG`: a pino level (default info), or 0/off/false for no log. */
export function logLevelFrom(value: string | undefined): string | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return 'info';
  if (['0', 'off', 'false', 'silent'].includes(v)) return null;
  if (v === '1' || v === 'true') return 'info';
  if (['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(v)) return v;
  throw new Error(`ZEROLOOP_LOG is "${value}": expected a level (error, warn, info, debug), or off.`);
}

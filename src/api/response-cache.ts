import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { seesSmallCells } from '../domain/auth/access.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The response depends only on the community's published figures (and whether
     * the reader sees small counts), so it may be served from the cache while the
     * data revision is unchanged.
     */
    cacheByDataRevision?: boolean;
  }
  interface FastifyRequest {
    cacheKey: string | null;
  }
}

interface Entry {
  payload: string;
  contentType: string;
  etag: string;
}

/**
 * A least-recently-used map of serialized responses, bounded by their total size.
 * Maps keep insertion order, so re-inserting on a hit makes the first key the oldest.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    const size = entry.payload.length;
    if (size > this.maxBytes) return;
    const prior = this.entries.get(key);
    if (prior) {
      this.entries.delete(key);
      this.bytes -= prior.payload.length;
    }
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= e.payload.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Serves the figure routes (config.cacheByDataRevision) from memory while nothing they
 * are computed from has changed. The key holds the data revision read with the
 * community on every request (src/store/communities.ts), whether the reader sees
 * small counts, and the URL with its query — nothing else varies these responses, and
 * the access check has already run, so a cached answer is never shown to someone the
 * route would refuse. Browsers get an ETag and revalidate with If-None-Match.
 */
export function installResponseCache(app: FastifyInstance, cache = new ResponseCache(64 * 1024 * 1024)): void {
  app.decorateRequest('cacheKey', null);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.routeOptions.config.cacheByDataRevision || req.method !== 'GET' || !req.community) return;
    const view = seesSmallCells(req.principal, req.community.communityId) ? 'all' : 'small-hidden';
    req.cacheKey = `${req.community.dataRevision}|${view}|${req.url}`;
    const hit = cache.get(req.cacheKey);
    if (!hit) return;
    reply.header('etag', hit.etag).header('cache-control', 'private, no-cache').header('x-cache', 'hit');
    if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send();
    return reply.header('content-type', hit.contentType).send(hit.payload);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.cacheKey === null || reply.statusCode !== 200 || reply.getHeader('x-cache') === 'hit' || typeof payload !== 'string') return payload;
    const etag = `W/"${createHash('sha256').update(req.cacheKey).digest('base64url').slice(0, 27)}"`;
    cache.set(req.cacheKey, { payload, contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'), etag });
    reply.header('etag', etag).header('cache-control', 'private, no-cache').header('x-cache', 'miss');
    return payload;
  });
}

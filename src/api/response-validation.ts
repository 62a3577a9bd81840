import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_RESPONSES, type Schema } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Responses that did not match their route's schema (only with validateResponses). */
    responseViolations: string[];
  }
}

type Responses = Record<string, Schema>;

/** The route's declared response for a status: exact, then `4xx`-style, then `default`. */
export function declaredResponse(responses: Responses | undefined, status: number): Schema | undefined {
  if (!responses) return undefined;
  return responses[String(status)] ?? responses[`${String(status)[0]}xx`] ?? responses.default;
}

/** A declared response's JSON schema, or null when it declares no JSON body. */
export function jsonSchemaOf(declared: Schema): Schema | null {
  const content = declared.content as Record<string, { schema: Schema }> | undefined;
  if (content) return content['application/json']?.schema ?? null;
  return declared.type === 'null' ? null : declared;
}

/**
 * Response schemas document; they never change what is sent. Fastify would otherwise
 * serialize with fast-json-stringify, which drops every property a schema does not
 * name and coerces types: a schema one field behind the code would lose data
 * silently. So every response is JSON.stringify'd, as it would be with no schema.
 */
export function installPlainSerializer(app: FastifyInstance): void {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

/**
 * Every route gets the default error responses (an `{error}` sentence for 4xx and 5xx)
 * unless it declares its own, and a 304 when it is served from the response cache.
 * Registered before the routes, so the OpenAPI document and the checks see them.
 */
export function installDefaultResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    const response = { ...DEFAULT_RESPONSES, ...((schema.response as Responses | undefined) ?? {}) } as Responses;
    if (route.config?.cacheByDataRevision && !response['304']) response['304'] = { type: 'null', description: 'Not modified: the copy named by If-None-Match is still current.' };
    schema.response = response;
  });
}

/**
 * Checks every response against the response its route declares for the status sent
 * (tests turn this on through buildServer's validateResponses). A JSON body must match
 * its schema; any other body must be of a media type the route declares. A mismatch
 * is recorded in app.responseViolations and answered with a 500 that says what was
 * wrong, so that no test passes over it.
 */
export function installResponseValidation(app: FastifyInstance): void {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const byRoute = new Map<string, Responses>();
  const compiled = new WeakMap<Schema, ValidateFunction>();
  const violations: string[] = [];
  app.decorate('responseViolations', violations);

  app.addHook('onRoute', (route) => {
    const responses = (route.schema as { response?: Responses } | undefined)?.response;
    for (const method of ([] as string[]).concat(route.method as string | string[])) if (responses) byRoute.set(`${method} ${route.url}`, responses);
  });

  const problemWith = (req: FastifyRequest, reply: FastifyReply, payload: unknown): string | null => {
    const url = req.routeOptions.url;
    if (url === undefined || req.method === 'HEAD') return null; // no route: the not-found handler's {error}
    const declared = declaredResponse(byRoute.get(`${req.method} ${url}`), reply.statusCode);
    if (!declared) return `declares no response for status ${reply.statusCode}`;
    const type = String(reply.getHeader('content-type') ?? '').split(';')[0].trim();
    const empty = payload === undefined || payload === null || payload === '' || (Buffer.isBuffer(payload) && payload.length === 0);
    if (empty && (reply.statusCode === 204 || reply.statusCode === 304 || (reply.statusCode >= 300 && reply.statusCode < 400))) return declared.type === 'null' ? null : `sent no body, but declares one for status ${reply.statusCode}`;
    if (type !== 'application/json') {
      const content = declared.content as Record<string, unknown> | undefined;
      return content && type in content ? null : `sent ${type || 'no content type'} for status ${reply.statusCode}, which the route does not declare`;
    }
    const schema = jsonSchemaOf(declared);
    if (!schema) return `sent JSON for status ${reply.statusCode}, whose declared response has no JSON body`;
    if (typeof payload !== 'string') return `sent a JSON body that is not text`;
    let validate = compiled.get(schema);
    if (!validate) {
      try {
        validate = ajv.compile(schema);
      } catch (e) {
        return `declares a response schema for status ${reply.statusCode} that does not compile: ${(e as Error).message}`;
      }
      compiled.set(schema, validate);
    }
    if (validate(JSON.parse(payload))) return null;
    return `sent a ${reply.statusCode} body that does not match its schema: ${ajv.errorsText(validate.errors, { dataVar: 'response' })}`;
  };

  app.addHook('onSend', async (req, reply, payload) => {
    if ((reply as unknown as { responseChecked?: boolean }).responseChecked) return payload;
    (reply as unknown as { responseChecked?: boolean }).responseChecked = true;
    const problem = problemWith(req, reply, payload);
    if (!problem) return payload;
    const message = `${req.method} ${req.routeOptions.url} (${req.url}) ${problem}.`;
    violations.push(message);
    req.log.error(message);
    reply.code(500).type('application/json; charset=utf-8');
    return JSON.stringify({ error: `The response does not match its schema: ${message}` });
  });
}

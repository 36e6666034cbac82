// OpenAPI 3.1 generated from the route registry (the same zod schemas that validate requests).
import { z } from 'zod';
import type { ApiRegistry } from './route.js';

export function openApiDocument(reg: ApiRegistry, version: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  const named: Record<string, unknown> = {};
  // Schemas with a .meta({ id }) become shared components instead of being repeated inline.
  const toSchema = (schema: z.ZodType): object => {
    const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
    const { $defs, $schema: _ignored, ...rest } = js as { $defs?: Record<string, unknown>; $schema?: string };
    Object.assign(named, $defs ?? {});
    return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/'));
  };
  for (const r of reg.routes) {
    const path = '/api' + r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const ok = String(r.status ?? 200);
    const responses: Record<string, unknown> = {
      [ok]: {
        description: typeof r.response === 'string' ? r.response : 'Success',
        ...(r.response && typeof r.response !== 'string' ? { content: { 'application/json': { schema: toSchema(r.response) } } } : {}),
        ...(r.produces ? { content: Object.fromEntries(r.produces.map((t) => [t, {}])) } : {}),
      },
      default: { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    };
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      'x-required-role': r.role,
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'TrustLens API', version, description: 'Brand authenticity and reputation monitor.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, {}],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key' } },
      schemas: {
        ...JSON.parse(JSON.stringify(named).replaceAll('"#/$defs/', '"#/components/schemas/')),
        Problem: {
          type: 'object', required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}

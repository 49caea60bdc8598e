// The OpenAPI document of the compare endpoint, generated from the same zod schemas that validate it.
import { z } from 'zod';
import { REASONS } from '../common/errors.js';
import { CompareAnswerSchema, CompareRequestSchema, ErrorAnswerSchema } from '../contracts/compare-api.js';
import { COMPARE_PATH } from './sophonmatch/routes.js';

export function openApiDocument(version: string): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' });
  const errorRows = Object.entries(REASONS).map(([reason, r]) => `| ${r.http} | ${r.status} | ${reason} |`).join('\n');
  return {
    openapi: '3.0.3',
    info: { title: 'SophonMatch compare API', version, description: `Card photo vs live photo verification.\n\n| HTTP | status | reason |\n|---|---|---|\n${errorRows}` },
    paths: {
      [COMPARE_PATH]: {
        post: {
          operationId: 'compare',
          requestBody: { required: true, content: { 'application/json': { schema: schema(CompareRequestSchema, 'input') } } },
          responses: {
            '200': { description: 'compared', content: { 'application/json': { schema: schema(CompareAnswerSchema, 'output') } } },
            default: { description: 'error', content: { 'application/json': { schema: schema(ErrorAnswerSchema, 'output') } } },
          },
          security: [{}, { bearer: [] }],
        },
      },
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'required when the server binds to a non-loopback address' } } },
  };
}

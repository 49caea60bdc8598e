// One place that turns any failure into the contract's error answer.
import type { FastifyError, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorBody, SophonError, type Reason } from '../common/errors.js';

/** Fastify's own errors (parsing, limits, media type) → the contract's reasons. */
export function toSophonError(err: unknown): SophonError {
  if (err instanceof SophonError) return err;
  // A request refused by its route's schema: the first problem, naming the field.
  if (hasZodFastifySchemaValidationErrors(err)) {
    const i = err.validation[0]!;
    return new SophonError('BAD_FIELD', `${i.instancePath.slice(1).replaceAll('/', '.') || 'request'}: ${i.message}`);
  }
  const e = err as Partial<FastifyError>;
  const byCode: Record<string, Reason> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_JSON',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
    FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
    FST_ERR_RESPONSE_SERIALIZATION: 'BAD_ANSWER', // an answer that does not match its route's schema
  };
  const reason = e.code ? byCode[e.code] : undefined;
  if (reason) return new SophonError(reason);
  // The router's own refusals (a URL it cannot decode, a path parameter over its length limit).
  if (e.code === 'FST_ERR_BAD_URL' || e.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new SophonError('UNKNOWN_PATH', 'no such path: the URL is malformed or too long');
  if (e.statusCode === 413) return new SophonError('BODY_TOO_LARGE');
  if (e.statusCode === 415) return new SophonError('UNSUPPORTED_MEDIA_TYPE');
  if (e.statusCode === 400) return new SophonError('BAD_JSON', 'the request could not be read');
  return new SophonError('ENGINE_FAILED', 'the server failed on this request; retry, and contact support if it persists');
}

export function sendError(reply: FastifyReply, err: SophonError, headers: Record<string, string> = {}): FastifyReply {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply
    .code(err.http)
    .type('application/json; charset=utf-8')
    .send(errorBody(err.reason, err.message, err.details));
}

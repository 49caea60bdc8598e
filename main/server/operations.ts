// The screens' operations over HTTP (/api/v1): each route is derived from its entry in the
// operation table (main/contracts/operations.ts) — method, path, the role it needs, the schemas of
// its path parameters, its query or body, and of its answer. Requests are validated by those
// schemas (a refusal is BAD_FIELD naming the field); answers are serialized through the answer
// schema, so a field the contract does not list (personal data) never leaves the server.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { ErrorAnswerSchema } from '../contracts/compare-api.js';
import { OPERATIONS, type AnswerOf, type Operation, type OperationName, type RequestOf } from '../contracts/operations.js';
import type { Handlers } from '../operations/handlers.js';
import type { User } from '../store/users.js';
import { sessionAuth, userOf } from './session-auth.js';

/** A route whose handler checks the request itself (its own refusals): the schemas only document it. */
export const UNVALIDATED = { validatorCompiler: () => (data: unknown) => ({ value: data }) };

type Answer<N extends OperationName> = AnswerOf<N> | FastifyReply;
export type OperationHandler<N extends OperationName> = (
  input: RequestOf<N>,
  req: FastifyRequest,
  reply: FastifyReply,
) => Answer<N> | Promise<Answer<N>>;

/** Routes of the operation table on `app`, with the session auth of `db`. */
export function operationRoutes(app: FastifyInstance, db: Database.Database) {
  const auth = sessionAuth(db);
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** `validate: false`: the schemas document the request, the handler checks it itself (its own refusal, e.g. per-field messages). */
  return <N extends OperationName>(name: N, handler: OperationHandler<N>, opts: { validate?: false } = {}) => {
    const o: Operation = OPERATIONS[name];
    const inputPart = o.method === 'GET' ? 'querystring' : 'body';
    api.route({
      method: o.method,
      url: o.path,
      // Auth before validation: a request without a session is LOGIN_REQUIRED whatever its body.
      onRequest: o.role ? auth(o.role, { allowPasswordChange: o.beforePasswordChange === true }) : undefined,
      ...(opts.validate === false ? UNVALIDATED : {}),
      schema: {
        operationId: name,
        tags: ['screens'],
        ...(o.params ? { params: o.params } : {}),
        ...(o.input ? { [inputPart]: o.input } : {}),
        response: {
          [o.created ? 201 : 200]: o.download ? { description: o.download, content: { [o.download]: { schema: o.answer } } } : o.answer,
          default: ErrorAnswerSchema,
        },
        ...(o.role ? { security: [{ session: [] }] } : {}),
      },
      handler: async (req, reply) => {
        if (o.created) reply.code(201);
        const part = o.input ? (inputPart === 'body' ? req.body : req.query) : {};
        const input = (o.params ? { ...(req.params as object), ...(part as object) } : part) as RequestOf<N>;
        return handler(input, req, reply) as Promise<z.output<typeof o.answer>>;
      },
    });
  };
}

type OperationRoute = ReturnType<typeof operationRoutes>;
/** Routes for a group of the transport-free handlers (main/operations/handlers.ts), each given the request's signed-in user. */
export function handlerRoutes(
  route: OperationRoute,
  handlers: Partial<Handlers>,
  opts: { [N in OperationName]?: { validate?: false } } = {},
) {
  for (const name of Object.keys(handlers) as OperationName[]) {
    const handler = handlers[name] as (input: unknown, me: User) => never;
    route(name, (input, req) => handler(input, userOf(req)), opts[name]);
  }
}

/** A CSV download (the operations marked `download`): the rows streamed as the attachment `file`. */
export const sendCsv = (reply: FastifyReply, file: string, rows: Iterable<string>) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(Readable.from(rows));

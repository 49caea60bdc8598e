// The compare request body → a validated request, with the contract's error for each way it can be wrong.
import { SophonError } from '../../common/errors.js';
import { compareRequestSchema, type CompareRequest } from '../../contracts/compare-api.js';
import { DEFAULT_TIME_ZONE } from '../../contracts/settings.js';

const REQUIRED = ['card_image_base64', 'face_image_base64'] as const;

/** `timeZone`: the terminal's, in which a compare_time without a zone is read. */
export function parseCompareRequest(body: unknown, timeZone: string = DEFAULT_TIME_ZONE): CompareRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SophonError('BAD_FIELD', 'the request body must be a JSON object');
  for (const f of REQUIRED) {
    const v = (body as Record<string, unknown>)[f];
    if (v === undefined || v === null) throw new SophonError('MISSING_FIELD', `${f} is required`, { field: f });
  }
  const parsed = compareRequestSchema(timeZone).safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.');
  let why: string;
  switch (issue.code) {
    case 'invalid_type':
      why = `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
      break;
    case 'invalid_value':
      why = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'too_big':
      why = `is too long (at most ${String(issue.maximum)} characters)`;
      break;
    case 'invalid_union':
      why = 'has the wrong type or value';
      break;
    default:
      why = issue.message;
  }
  throw new SophonError('BAD_FIELD', `${field} ${why}`, { field });
}

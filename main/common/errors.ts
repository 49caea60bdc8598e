// Every failure the product can report, in one table: stable reason code, HTTP status, canonical
// status name and a sentence a person can act on: the compare API, the screens' API (/api/v1),
// sessions and users, review, settings and IPC. The server, IPC and the screens all use it, and
// every code has its sentence in both languages (renderer/src/i18n, test/ui/locale-keys.test.ts).

export type CanonicalStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'OUT_OF_RANGE'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED';

interface ReasonSpec {
  http: number;
  status: CanonicalStatus;
  /** Default sentence; a call site may give a more specific one (e.g. naming the field). */
  message: string;
}

export const REASONS = {
  MISSING_FIELD: { http: 400, status: 'INVALID_ARGUMENT', message: 'a required field is missing' },
  BAD_FIELD: { http: 400, status: 'INVALID_ARGUMENT', message: 'a field has the wrong type or value' },
  BAD_BASE64: { http: 400, status: 'INVALID_ARGUMENT', message: 'the image is not valid base64' },
  NOT_AN_IMAGE: {
    http: 400,
    status: 'INVALID_ARGUMENT',
    message: 'the bytes are not a JPEG, PNG, BMP or WebP image, or the image is damaged',
  },
  BAD_JSON: { http: 400, status: 'INVALID_ARGUMENT', message: 'the request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, status: 'INVALID_ARGUMENT', message: 'send the body as Content-Type: application/json' },
  NO_FACE_IN_CARD_IMAGE: { http: 400, status: 'FAILED_PRECONDITION', message: 'no face found in card_image_base64' },
  NO_FACE_IN_FACE_IMAGE: {
    http: 400,
    status: 'FAILED_PRECONDITION',
    message: 'no face found in face_image_base64; ask the person to face the camera',
  },
  FACE_QUALITY_TOO_LOW: { http: 400, status: 'FAILED_PRECONDITION', message: 'the live photo does not pass the face quality gate' },
  NO_CARD_ON_READER: {
    http: 409,
    status: 'FAILED_PRECONDITION',
    message: 'no ID card is on the reader: lay the card on the reader, then compare',
  },
  PLACEMENT_ENDED: {
    http: 409,
    status: 'FAILED_PRECONDITION',
    message: 'the card this request was for is no longer on the reader; the screen shows the card that is',
  },
  CARD_PHOTO_UNREADABLE: {
    http: 409,
    status: 'FAILED_PRECONDITION',
    message: 'the chip photo of this card could not be decoded; take the card off and lay it again',
  },
  REVIEW_NOT_ALLOWED: {
    http: 409,
    status: 'FAILED_PRECONDITION',
    message: "this review step is not allowed in the event's current review state",
  },
  COMMENT_REQUIRED: { http: 400, status: 'INVALID_ARGUMENT', message: 'an override needs a reason of at least 3 characters' },
  TOKEN_REQUIRED: {
    http: 401,
    status: 'UNAUTHENTICATED',
    message: 'this server requires an API token: send Authorization: Bearer <token>',
  },
  // Sessions and roles (/api/v1 and IPC).
  LOGIN_REQUIRED: {
    http: 401,
    status: 'UNAUTHENTICATED',
    message: 'log in first (POST /api/v1/login), then send the session token in X-Session-Token',
  },
  BAD_CREDENTIALS: { http: 401, status: 'UNAUTHENTICATED', message: 'wrong username or password' },
  LOCKED_OUT: { http: 401, status: 'UNAUTHENTICATED', message: 'too many failed logins; the account is locked for 15 minutes' },
  PASSWORD_CHANGE_REQUIRED: {
    http: 403,
    status: 'PERMISSION_DENIED',
    message: 'an administrator reset your password: change it first (PUT /api/v1/account/password)',
  },
  ROLE_REQUIRED: { http: 403, status: 'PERMISSION_DENIED', message: 'your role does not allow this' },
  WRONG_PASSWORD: { http: 403, status: 'PERMISSION_DENIED', message: 'the current password is wrong' },
  LOOPBACK_ONLY: {
    http: 403,
    status: 'PERMISSION_DENIED',
    message: 'the first administrator can only be created on this machine itself (or with sophonmatch setup-admin)',
  },
  FORBIDDEN_ORIGIN: { http: 403, status: 'PERMISSION_DENIED', message: 'not from the app' },
  // Users.
  WEAK_PASSWORD: { http: 400, status: 'INVALID_ARGUMENT', message: 'a password has at least 10 characters' },
  BAD_USERNAME: { http: 400, status: 'INVALID_ARGUMENT', message: 'a username is 2–64 letters, digits, dots, dashes or underscores' },
  SAME_PASSWORD: { http: 400, status: 'INVALID_ARGUMENT', message: 'the new password must differ from the current one' },
  USER_EXISTS: { http: 409, status: 'FAILED_PRECONDITION', message: 'this user exists already' },
  ADMIN_EXISTS: { http: 409, status: 'FAILED_PRECONDITION', message: 'an administrator exists already; log in as them to add users' },
  SETUP_DONE: { http: 409, status: 'FAILED_PRECONDITION', message: 'users exist already; sign in' },
  LAST_ADMIN: {
    http: 409,
    status: 'FAILED_PRECONDITION',
    message: 'this is the last active administrator: make another user an administrator first',
  },
  NO_SUCH_USER: { http: 404, status: 'NOT_FOUND', message: 'no such user' },
  // Paths, events, channels.
  UNKNOWN_PATH: { http: 404, status: 'NOT_FOUND', message: 'no such path' },
  NO_SUCH_EVENT: { http: 404, status: 'NOT_FOUND', message: 'no such event' },
  UNKNOWN_CHANNEL: { http: 404, status: 'NOT_FOUND', message: 'no such channel' },
  METHOD_NOT_ALLOWED: { http: 405, status: 'METHOD_NOT_ALLOWED', message: 'this method is not allowed on this path' },
  BODY_TOO_LARGE: { http: 413, status: 'OUT_OF_RANGE', message: 'the request body is larger than the configured limit' },
  IMAGE_TOO_LARGE: { http: 413, status: 'OUT_OF_RANGE', message: 'the image has more pixels or bytes than the configured limit' },
  BUSY: { http: 429, status: 'RESOURCE_EXHAUSTED', message: 'the server is busy; retry after the time given in Retry-After' },
  ENGINE_FAILED: {
    http: 500,
    status: 'INTERNAL',
    message: 'the face engine failed on this request; retry, and contact support if it persists',
  },
  BAD_ANSWER: {
    http: 500,
    status: 'INTERNAL',
    message: 'the answer did not match its contract (a fault of this version); contact support',
  },
  STARTING: { http: 503, status: 'UNAVAILABLE', message: 'the face models are still loading; retry in a moment' },
  STORE_UNAVAILABLE: { http: 503, status: 'UNAVAILABLE', message: 'the event store cannot be written; check the disk and the data folder' },
  TIMEOUT: { http: 504, status: 'DEADLINE_EXCEEDED', message: 'the comparison did not finish within its deadline' },
} as const satisfies Record<string, ReasonSpec>;

export type Reason = keyof typeof REASONS;

/** A failure the user can act on. Carries a stable reason; never a stack trace across a boundary. */
export class SophonError extends Error {
  readonly reason: Reason;
  readonly details: Record<string, unknown> | undefined;
  constructor(reason: Reason, message?: string, details?: Record<string, unknown>) {
    super(message ?? REASONS[reason].message);
    this.name = 'SophonError';
    this.reason = reason;
    this.details = details;
  }
  get http(): number {
    return REASONS[this.reason].http;
  }
  get status(): CanonicalStatus {
    return REASONS[this.reason].status;
  }
  toJSON(): ErrorBody {
    return errorBody(this.reason, this.message, this.details);
  }
}

export interface ErrorBody {
  error: { code: number; message: string; status: CanonicalStatus; reason: Reason; details?: Record<string, unknown> };
}

export function errorBody(reason: Reason, message?: string, details?: Record<string, unknown>): ErrorBody {
  const spec = REASONS[reason];
  return {
    error: {
      code: spec.http,
      message: message ?? spec.message,
      status: spec.status,
      reason,
      ...(details ? { details } : {}),
    },
  };
}

export const isReason = (x: unknown): x is Reason => typeof x === 'string' && Object.hasOwn(REASONS, x);

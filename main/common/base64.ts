// Base64 image fields as existing clients send them: optional data: URL prefix, line breaks,
// URL-safe alphabet or missing padding tolerated; anything else is BAD_BASE64.
import { SophonError } from './errors.js';

const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+(;[\w-]+=[\w.-]+)*;base64,/i;
const ALPHABET = /^[A-Za-z0-9+/\-_]*={0,2}$/;

export function decodeBase64Field(value: string, field: string): Buffer {
  const body = value.replace(DATA_URL, '').replace(/[\s\r\n]+/g, '');
  if (body.length === 0) throw new SophonError('BAD_BASE64', `${field} is empty`);
  if (!ALPHABET.test(body) || body.replace(/=+$/, '').length % 4 === 1) throw new SophonError('BAD_BASE64', `${field} is not valid base64`);
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

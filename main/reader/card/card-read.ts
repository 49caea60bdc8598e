// One typed card read: the fields of any of the three layouts, decoded and checked, plus the photo.
import type { IdentityInfo } from '../../contracts/compare-api.js';
import { isValidIdNumber } from './id-number.js';
import { splitFields, type CardType } from './layouts.js';
import { NATIONS, SEXES } from './nations.js';

export interface CardRead {
  type: CardType;
  name: string;
  nameEn: string | null;
  sex: string;
  sexCode: string;
  nation: string | null;
  nationCode: string | null;
  nationality: string | null;
  birth: string | null;
  address: string | null;
  idNumber: string;
  /** The 18-character check digit verdict (resident and HMT cards; null where the number has no check digit). */
  idNumberValid: boolean | null;
  issuer: string;
  validFrom: string | null;
  /** ISO date, or 'long-term' for "长期". */
  validTo: string | null;
  passNumber: string | null;
  issueCount: string | null;
  photo: { format: 'wlt' | 'jpeg' | 'png' | 'bmp'; bytes: Buffer };
  /** The fingerprint block when read with fingerprints (1024 bytes per finger on chips that hold them). */
  fingerprint: Buffer | null;
}

/** YYYYMMDD → YYYY-MM-DD; "长期" → 'long-term'; anything else null (shown as unreadable, never guessed). */
export function isoDate(s: string): string | null {
  if (s === '长期') return 'long-term';
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) ? null : `${m[1]}-${m[2]}-${m[3]}`;
}

export function photoFormat(b: Uint8Array): CardRead['photo']['format'] {
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if (b[0] === 0x89 && b[1] === 0x50) return 'png';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  return 'wlt';
}

export function parseCard(text: Uint8Array, photo: Uint8Array): CardRead {
  const { type, fields: f } = splitFields(text);
  const id = f.idNumber ?? '';
  return {
    type,
    name: f.name ?? '',
    nameEn: type === 'foreigner' ? (f.nameEn ?? '') : null,
    sex: SEXES[f.sex ?? ''] ?? f.sex ?? '',
    sexCode: f.sex ?? '',
    nation: type === 'resident' ? (NATIONS[f.nation ?? ''] ?? null) : null,
    nationCode: type === 'resident' ? (f.nation ?? null) : null,
    nationality: type === 'foreigner' ? (f.nationality ?? null) : null,
    birth: isoDate(f.birth ?? ''),
    address: type === 'foreigner' ? null : (f.address ?? ''),
    idNumber: id,
    idNumberValid: /^\d{17}[\dXx]$/.test(id) ? isValidIdNumber(id) : type === 'foreigner' ? null : false,
    issuer: f.issuer ?? '',
    validFrom: isoDate(f.validFrom ?? ''),
    validTo: isoDate(f.validTo ?? ''),
    passNumber: type === 'hmt' ? (f.passNumber ?? '') : null,
    issueCount: type === 'hmt' ? (f.issueCount ?? '') : null,
    photo: { format: photoFormat(photo), bytes: Buffer.from(photo) },
    fingerprint: null,
  };
}

const dotted = (iso: string | null) => (iso === 'long-term' ? '长期' : iso ? iso.replaceAll('-', '.') : '');

/** The API's identity_info keys, as existing counter systems send them. */
export function toIdentityInfo(c: CardRead): IdentityInfo {
  return {
    user_idcard: c.idNumber,
    user_name: c.name || c.nameEn || '',
    user_sex: c.sex,
    user_nation: c.nation ?? c.nationality ?? '',
    user_address: c.address ?? '',
    user_issu: c.issuer,
    user_validtime: `${dotted(c.validFrom)}-${dotted(c.validTo)}`,
    card_type: c.type === 'resident' ? '0' : c.type === 'foreigner' ? 'I' : 'J',
    ...(c.nameEn ? { name_en: c.nameEn } : {}),
    ...(c.passNumber ? { pass_number: c.passNumber } : {}),
    ...(c.issueCount ? { issue_count: c.issueCount } : {}),
  };
}

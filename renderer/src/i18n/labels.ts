// Values the product stores as codes, shown as words of the UI language: error reasons (the
// server's stable codes from main/common/errors.ts and the review API's), reader problems, audit
// actions, quality measures and timings, sources, card types, sex, validity. An unknown code is
// shown as itself inside a translated sentence, never as a missing key.
import type { TFunction } from 'i18next';
import i18n from 'i18next';
import { ApiError } from '../api/sophon-api.js';
import { formatDateTime } from './format.js';

const has = (key: string) => i18n.exists(key);

/** The sentence for a failure: the reason code's translation (the server's English stays in its logs). */
export function errorText(t: TFunction, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.reason === 'LOCKED_OUT') {
      const until = (e.details as { locked_until?: unknown } | undefined)?.locked_until;
      return typeof until === 'number'
        ? t('errors.LOCKED_OUT', { until: formatDateTime(until, i18n.language) })
        : t('errors.LOCKED_OUT_NOW');
    }
    const field = (e.details as { field?: unknown } | undefined)?.field;
    if (has(`errors.${e.reason}`))
      return t(`errors.${e.reason}`) + (typeof field === 'string' && /^[\w.[\]]+$/.test(field) ? ` (${field})` : '');
    return t('errors.unknown', { reason: e.reason });
  }
  return t('errors.unknown', { reason: 'CLIENT' });
}

/** A reader problem code (status words, timeouts, unplugged) as a sentence. */
export const readerProblemText = (t: TFunction, code: string) =>
  has(`readerProblems.${code}`) ? t(`readerProblems.${code}`) : t('readerProblems.unknown', { code });

/** An audit entry's actor: a username as it is, the product's own actors (setup, retention) in words. */
export const auditActorText = (t: TFunction, actor: string) => (has(`auditActors.${actor}`) ? t(`auditActors.${actor}`) : actor);
export const auditActionText = (t: TFunction, action: string) => (has(`auditActions.${action}`) ? t(`auditActions.${action}`) : action);
export const measureLabel = (t: TFunction, key: string) => (has(`measures.${key}`) ? t(`measures.${key}`) : key);
export const timingLabel = (t: TFunction, key: string) => (has(`timings.${key}`) ? t(`timings.${key}`) : key);
export const sourceText = (t: TFunction, source: string) => (has(`sources.${source}`) ? t(`sources.${source}`) : source);
export const roleText = (t: TFunction, role: string) => (has(`roles.${role}`) ? t(`roles.${role}`) : role);

export type CardKind = 'resident' | 'foreigner' | 'hmt';
/** The card type as the chip (resident/foreigner/hmt) or the API (`0`, `I`, `J`) names it. */
export function cardKind(code: string | null | undefined): CardKind | null {
  if (code === null || code === undefined || code === '') return null;
  if (code === 'resident' || code === '0' || code === ' ') return 'resident';
  if (code === 'foreigner' || code === 'I') return 'foreigner';
  if (code === 'hmt' || code === 'J') return 'hmt';
  return null;
}
export const cardTypeText = (t: TFunction, code: string | null | undefined) => {
  const k = cardKind(code);
  return k ? t(`card.types.${k}`) : code ? code : t('common.notProvided');
};

const SEX: Record<string, 'male' | 'female' | 'unknown' | 'unspecified'> = {
  男: 'male',
  女: 'female',
  未知: 'unknown',
  未说明: 'unspecified',
  '1': 'male',
  '2': 'female',
  '0': 'unknown',
  '9': 'unspecified',
  M: 'male',
  F: 'female',
  male: 'male',
  female: 'female',
};
/** Sex as the card gives it (男/女 or the GB code) in the UI language. */
export const sexText = (t: TFunction, v: string | null | undefined) =>
  v && SEX[v.trim()] ? t(`sexes.${SEX[v.trim()]}`) : v || t('common.none');

/** A card date or "long-term" (长期), as read or as the API's user_validtime writes it. */
export const cardDateText = (t: TFunction, v: string | null | undefined) =>
  !v ? '?' : v === 'long-term' || v === '长期' ? t('common.longTerm') : v;

/** user_validtime "2015.01.01-长期" → "2015.01.01 – long-term" in the UI language. */
export function validityText(t: TFunction, v: string | null | undefined): string {
  if (!v) return t('common.notProvided');
  const m = /^(.*?)\s*[-–~至]\s*(.*)$/.exec(v);
  return m ? `${cardDateText(t, m[1])} – ${cardDateText(t, m[2])}` : cardDateText(t, v);
}

// The CSV exports as a Chinese branch opens them in Excel: UTF-8 with a BOM, a header and values in
// the terminal's language (card-type names, result, review state, source), times as local
// date-times of the terminal's zone with the zone in its own column (Excel reads the time cells as
// dates), scores as numbers, review comments and reviewer. Lines are made one at a time (streamed).
import type { EventSummary } from '../contracts/review-api.js';
import type { AuditEntry } from '../contracts/supervisor-api.js';
import { localDateTime, wallClock } from '../common/zoned-time.js';
import { en } from '../../renderer/src/i18n/en.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import { DEFAULT_TIME_ZONE } from '../contracts/settings.js';
import { BOM, csvRow } from './csv.js';

export interface ExportLocale {
  timeZone: string;
  language: 'zh-CN' | 'en';
}

/** The terminal's zone and language for exports (from its settings; Asia/Shanghai and zh-CN without). */
export const exportLocale = (l: Partial<ExportLocale> = {}): ExportLocale => ({
  timeZone: l.timeZone ?? DEFAULT_TIME_ZONE,
  language: l.language === 'en' ? 'en' : 'zh-CN',
});

export interface ReviewStep {
  at: number;
  reviewer: string;
  state: string;
  comment: string | null;
}

const strings = (language: string) => (language === 'en' ? en : zhCN);

export function cardTypeName(code: string | null, language: string): string {
  const s = strings(language);
  if (code === null || code === '') return '';
  if (code === '0' || code === 'resident' || code === ' ') return s.card.types.resident;
  if (code === 'I' || code === 'foreigner') return s.card.types.foreigner;
  if (code === 'J' || code === 'hmt') return s.card.types.hmt;
  return code;
}

/** An event as the export writes it (identity already masked for the viewer). */
export type CsvEvent = Omit<EventSummary, 'identity'> & { identity: Record<string, string | undefined> | null };

export function* eventsCsv(rows: Iterable<CsvEvent>, reviewsOf: (id: string) => ReviewStep[], loc: ExportLocale): Generator<string> {
  const s = strings(loc.language);
  const h = s.csv;
  yield (
    BOM +
    csvRow([
      h.id,
      h.serverTime,
      h.compareTime,
      h.zone,
      h.source,
      h.terminal,
      h.operator,
      h.cardType,
      h.idNumber,
      h.name,
      h.score,
      h.threshold,
      h.decision,
      h.finalDecision,
      h.reviewState,
      h.reviewer,
      h.reviewedAt,
      h.comments,
      h.model,
    ])
  );
  const states = s.events.states as Record<string, string>;
  const sources = s.sources as Record<string, string>;
  for (const e of rows) {
    const reviews = reviewsOf(e.id);
    const last = reviews[reviews.length - 1];
    yield csvRow([
      e.id,
      localDateTime(e.server_time, loc.timeZone),
      localDateTime(e.compare_time, loc.timeZone),
      wallClock(e.server_time, loc.timeZone).zone,
      sources[e.source] ?? e.source,
      e.terminal_id,
      e.operator ?? '',
      cardTypeName(e.card_type, loc.language),
      e.identity?.user_idcard ?? '',
      e.identity?.user_name ?? '',
      e.score,
      e.threshold,
      e.decision ? s.events.pass : s.events.fail,
      (e.final_decision ?? e.decision) ? s.events.pass : s.events.fail,
      states[e.review_state] ?? e.review_state,
      last?.reviewer ?? '',
      last ? localDateTime(last.at, loc.timeZone) : '',
      reviews
        .filter((r) => r.comment)
        .map((r) => `${r.reviewer}: ${r.comment}`)
        .join('；'),
      e.model_id,
    ]);
  }
}

export type AuditRow = AuditEntry;

export function* auditCsv(rows: Iterable<AuditRow>, loc: ExportLocale): Generator<string> {
  const s = strings(loc.language);
  const h = s.csv;
  const actions = s.auditActions as Record<string, string>;
  yield BOM + csvRow([h.at, h.zone, h.actor, h.action, h.actionCode, h.target, h.detail]);
  const actors = s.auditActors as Record<string, string>;
  for (const a of rows)
    yield csvRow([
      localDateTime(a.at, loc.timeZone),
      wallClock(a.at, loc.timeZone).zone,
      actors[a.actor] ?? a.actor,
      actions[a.action] ?? a.action,
      a.action,
      a.target ?? '',
      a.detail ?? '',
    ]);
}

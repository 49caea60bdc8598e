// The supervisor tools' requests (/api/v1 and IPC): the dashboard's period, the audit log's
// filters, the reason for showing one event's full identity. One schema each.
import { z } from 'zod';

const num = z.coerce.number().finite();
/** 2000-01-01 .. 2100-01-01 UTC: the period of any request about events or the audit log. */
const instant = num.min(946684800).max(4102444800);

export const DashboardQuerySchema = z
  .object({
    from: instant,
    to: instant,
    /** The terminal's offset at the period's start (the screens send it; days and hours are counted in it). */
    utc_offset_minutes: z.coerce.number().int().min(-720).max(840).default(480),
  })
  .strict()
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= 400 * 86400, { message: 'a period of at most 400 days', path: ['to'] });
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const AuditQuerySchema = z
  .object({
    actor: z.string().min(1).max(64).optional(),
    action: z.string().regex(/^[a-z][a-z.-]{0,63}$/).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** The dashboard's figures over a period, as counted from the store (the answer adds the threshold levels). */
export interface DashboardFigures {
  checks: number;
  passes: number;
  pass_rate: number;
  overrides: number;
  override_share: number;
  days: { day: string; checks: number; passes: number; pass_rate: number }[];
  hours: { hour: number; checks: number; passes: number }[];
  histogram: { from: number; to: number; count: number }[];
  operators: { operator: string | null; checks: number; passes: number; overrides: number }[];
  terminals: { terminal: string; checks: number; passes: number; overrides: number }[];
}

/** One entry of the audit log: who did what, when, to what. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}

/** Why a supervisor needs to see one event's identity in full: recorded with the audit entry. */
export const UnmaskSchema = z.object({ reason: z.string().trim().min(4).max(200) }).strict();

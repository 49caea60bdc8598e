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
    action: z
      .string()
      .regex(/^[a-z][a-z.-]{0,63}$/)
      .optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

const counts = { checks: z.number(), passes: z.number() };
/** The dashboard's figures over a period, as counted from the store. */
export const DashboardFiguresSchema = z.object({
  ...counts,
  pass_rate: z.number(),
  overrides: z.number(),
  override_share: z.number(),
  days: z.array(z.object({ day: z.string(), ...counts, pass_rate: z.number() })),
  hours: z.array(z.object({ hour: z.number(), ...counts })),
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  operators: z.array(z.object({ operator: z.string().nullable(), ...counts, overrides: z.number() })),
  terminals: z.array(z.object({ terminal: z.string(), ...counts, overrides: z.number() })),
});
export type DashboardFigures = z.infer<typeof DashboardFiguresSchema>;
/** GET /api/v1/dashboard: the figures and the threshold levels. */
export const DashboardSchema = DashboardFiguresSchema.extend({
  thresholds: z.object({ low: z.number(), middle: z.number(), high: z.number() }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/** One entry of the audit log: who did what, when, to what. */
export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), total: z.number(), next: z.number().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** Why a supervisor needs to see one event's identity in full: recorded with the audit entry. */
export const UnmaskSchema = z.object({ reason: z.string().trim().min(4).max(200) }).strict();
/** One event's identity in full (null: none recorded). */
export const UnmaskAnswerSchema = z.object({ id: z.string(), identity: z.record(z.string(), z.string()).nullable() });

// The terminal's settings: one schema for the file in the data folder, the settings API, the IPC
// channel and the screen's form. Each field's message says what is allowed.
import { z } from 'zod';
import { BAUD_RATES, DEFAULT_BAUD, DEFAULT_POLL_MS, POLL_MS_MAX, POLL_MS_MIN } from './reader-line.js';

export const SettingsSchema = z
  .object({
    /** Serial port of the ID reader; 'auto' probes the candidates, 'none' runs without a reader. */
    readerPort: z
      .string()
      .trim()
      .min(1, 'choose a port, "auto" or "none"')
      .max(256)
      .regex(/^(auto|none|\/[\w./-]+|COM\d{1,3})$/, 'a device path (/dev/ttyUSB0), COM3, "auto" or "none"'),
    /** The reader's line speed (readers are set to one of these; 115200 by default). */
    readerBaud: z.literal(BAUD_RATES, { message: `one of ${BAUD_RATES.join(', ')}` }),
    /** How often the reader is asked for a card, in milliseconds. */
    readerPollMs: z
      .number({ message: 'a whole number of milliseconds' })
      .int('a whole number of milliseconds')
      .min(POLL_MS_MIN, `at least ${POLL_MS_MIN} ms`)
      .max(POLL_MS_MAX, `at most ${POLL_MS_MAX} ms`),
    /** The camera chosen on this terminal (a browser device id); null: the default camera. */
    cameraDeviceId: z.string().max(256).nullable(),
    threshold: z.enum(['low', 'middle', 'high'], { message: 'one of low, middle, high' }),
    quality: z.enum(['no', 'low', 'middle', 'high'], { message: 'one of no, low, middle, high' }),
    photoDays: z
      .number({ message: 'a whole number of days' })
      .int('a whole number of days')
      .min(1, 'at least 1 day')
      .max(3650, 'at most 3650 days'),
    personalDays: z
      .number({ message: 'a whole number of days' })
      .int('a whole number of days')
      .min(1, 'at least 1 day')
      .max(36500, 'at most 36500 days'),
    apiEnabled: z.boolean(),
    apiPort: z.number({ message: 'a port number' }).int('a port number').min(1024, 'from 1024').max(65535, 'to 65535'),
    /** Required for other machines to call the API; at least 16 characters. */
    apiToken: z.string().min(16, 'at least 16 characters').max(256).nullable(),
    /** Scheduled backups (one sealed file a day into backupDir, the newest backupKeep kept). */
    backupDaily: z.boolean({ message: 'on or off' }),
    backupKeep: z
      .number({ message: 'a whole number of backups' })
      .int('a whole number of backups')
      .min(1, 'at least 1 backup')
      .max(365, 'at most 365 backups'),
    /** An absolute folder for the scheduled backups; null: <data folder>/backups. */
    backupDir: z
      .string()
      .trim()
      .max(1024, 'at most 1024 characters')
      .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'a full folder path (/var/backups/sophonmatch, D:\\Backups)')
      .nullable(),
    /** The passphrase the scheduled backups are sealed with (a secret: sealed in the file, never shown). */
    backupPassphrase: z.string().min(12, 'at least 12 characters').max(256, 'at most 256 characters').nullable(),
    language: z.enum(['zh-CN', 'en'], { message: 'zh-CN or en' }),
    kiosk: z.boolean(),
    terminalId: z.string().trim().min(1, 'a name for this counter').max(128, 'at most 128 characters'),
    /** How long the result stays on the counter screen after the card is taken off, in seconds. */
    resultHoldSeconds: z
      .number({ message: 'a whole number of seconds' })
      .int('a whole number of seconds')
      .min(1, 'at least 1 second')
      .max(120, 'at most 120 seconds'),
    /** With a card laid and nothing done at the counter for this long, the counter is cleared (minutes). */
    counterIdleMinutes: z
      .number({ message: 'a whole number of minutes' })
      .int('a whole number of minutes')
      .min(1, 'at least 1 minute')
      .max(60, 'at most 60 minutes'),
    /** Scores between the low threshold and the configured one are neither pass nor fail: the clerk decides. */
    reviewBand: z.boolean(),
    /** The branch (网点) this terminal belongs to, printed on receipts; empty: not printed. */
    branchName: z.string().trim().max(128, 'at most 128 characters'),
    /** The terminal's time zone (IANA name): dates on screens, receipts and exports, and API times given without a zone. */
    timeZone: z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

/** True for a time zone name this runtime's Intl knows (Asia/Shanghai, Asia/Hong_Kong, UTC …). */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const SettingsPatchSchema = SettingsSchema.partial().strict();

/** The settings as a screen may see them: the secrets (API token, backup passphrase) never leave the terminal. */
export const ShownSettingsSchema = SettingsSchema.omit({ apiToken: true, backupPassphrase: true }).extend({
  apiToken: z.null(),
  apiTokenSet: z.boolean(),
  backupPassphrase: z.null(),
  backupPassphraseSet: z.boolean(),
});
export type ShownSettings = z.infer<typeof ShownSettingsSchema>;
export const publicSettings = (s: Settings): ShownSettings => {
  const { apiToken, backupPassphrase, ...rest } = s;
  return {
    ...rest,
    apiToken: null,
    apiTokenSet: apiToken !== null,
    backupPassphrase: null,
    backupPassphraseSet: backupPassphrase !== null,
  };
};
export const SaveSettingsAnswerSchema = z.object({ settings: ShownSettingsSchema, restart_required: z.array(z.string()) });

/** Settings that take effect only when the app (or `serve`) starts again. */
export const RESTART_FIELDS = ['apiEnabled', 'apiPort', 'apiToken', 'kiosk'] as const satisfies readonly (keyof Settings)[];

export const DEFAULT_SETTINGS: Settings = {
  readerPort: 'auto',
  readerBaud: DEFAULT_BAUD,
  readerPollMs: DEFAULT_POLL_MS,
  cameraDeviceId: null,
  threshold: 'middle',
  quality: 'low',
  photoDays: 90,
  personalDays: 365,
  apiEnabled: true,
  apiPort: 5555,
  apiToken: null,
  backupDaily: false,
  backupKeep: 14,
  backupDir: null,
  backupPassphrase: null,
  language: 'zh-CN',
  kiosk: false,
  terminalId: 'counter',
  resultHoldSeconds: 10,
  counterIdleMinutes: 5,
  reviewBand: true,
  branchName: '',
  timeZone: DEFAULT_TIME_ZONE,
};

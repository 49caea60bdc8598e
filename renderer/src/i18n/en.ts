// English strings. Keys mirror zh-CN.ts (the default language), which is the reference.
import type { Strings } from './zh-CN.js';

export const en: Strings = {
  app: { title: 'SophonMatch', counter: 'Counter', events: 'Events', dashboard: 'Dashboard', audit: 'Audit log', settings: 'Settings', logout: 'Log out', language: 'Language', offline: 'Connection to the service lost — reconnecting…' },
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed' },
  reader: {
    'no-reader': 'No ID card reader: check its USB cable.',
    idle: 'Lay the ID card on the reader.',
    'card-present': 'Card read. Remove it before the next customer.',
    reading: 'Reading the card… keep it still.',
    error: 'The reader reported a problem: lay the card again.',
    label: 'Reader',
  },
  card: { title: 'ID card', none: 'No card read yet', name: 'Name', sex: 'Sex', nation: 'Ethnicity', birth: 'Birth date', id: 'ID number', validity: 'Valid', expired: 'EXPIRED', type: 'Card type', types: { resident: 'Resident ID card', foreigner: 'Foreign permanent resident card', hmt: 'HK/Macao/Taiwan residence permit' }, invalidNumber: 'check digit wrong', photoMissing: 'The chip photo could not be shown' },
  camera: { title: 'Camera', off: 'Camera not available', capture: 'Capture (Space)', waiting: 'Waiting for a card', hints: { ok: 'Hold still…', 'no-face': 'No face: look at the camera', 'move-closer': 'Move closer', 'face-camera': 'Face the camera', 'too-dark': 'Too dark', 'too-bright': 'Too bright', 'hold-still': 'Hold still', 'open-eyes': 'Open your eyes' } },
  result: { title: 'Result', pass: 'SAME PERSON', fail: 'NOT THE SAME PERSON', comparing: 'Comparing…', score: 'Score', threshold: 'threshold', retry: 'Retry (R)', override: 'Override (O)', print: 'Receipt (P)', reason: 'Reason for the override', overridden: 'Override recorded', cardPhoto: 'Chip photo', livePhoto: 'Live photo', error: 'The comparison failed' },
  receipt: { title: 'Verification receipt', time: 'Time', terminal: 'Terminal', operator: 'Operator', name: 'Name', id: 'ID number', result: 'Result', score: 'Score / threshold', event: 'Event', hash: 'Verification hash', print: 'Print / save as PDF', back: 'Back' },
  events: { title: 'Events', total: '{{count}} events', time: 'Time', name: 'Name', id: 'ID number', score: 'Score', decision: 'Result', review: 'Review', source: 'Source', operator: 'Operator', more: 'Load more', export: 'Export CSV', filters: { decision: 'Result', review: 'Review state', source: 'Source', idNumber: 'Exact ID number', namePrefix: 'Name starts with', apply: 'Apply', reset: 'Reset' }, pass: 'pass', fail: 'fail', states: { unreviewed: 'unreviewed', confirmed: 'confirmed', overridden: 'overridden' } },
  detail: { measures: 'Quality measures', audit: 'Audit trail', title: 'Event', timings: 'Timings (ms)', reviews: 'Reviews', confirm: 'Confirm', override: 'Override', comment: 'Comment', none: 'No reviews yet', purged: 'Photos purged by retention' },
  dashboard: { title: 'Dashboard', checks: 'Checks per day', passRate: 'Pass rate', histogram: 'Score distribution' },
  audit: { title: 'Audit log', at: 'Time', actor: 'Who', action: 'Action', target: 'Target' },
  settings: { diagnostics: 'Copy diagnostics', diagnosticsCopied: 'Diagnostics copied (no personal data)', title: 'Settings', adminOnly: 'Only administrators can change settings.', saved: 'Settings saved', restart: 'These take effect after a restart: {{fields}}', reader: 'ID card reader', readerPort: 'Serial port', readerBaud: 'Baud rate', readerPollMs: 'Poll every', readerPollMsHelp: 'How often the reader is asked for a card. Shorter: a card shows sooner, more CPU while idle (80 ms: under 1 % of a core).', readerPortHelp: 'A device path (/dev/ttyUSB0, COM3), auto to detect, none for no reader', detect: 'Detect', camera: 'Camera', decision: 'Decision', threshold: 'Threshold level', thresholdHelp: 'Higher: fewer false matches, more retries', quality: 'Live photo quality level', terminal: 'Terminal name', retention: 'Retention', photoDays: 'Keep photos (days)', personalDays: 'Keep personal data (days)', api: 'API server', apiEnabled: 'API server on', apiPort: 'Port', apiToken: 'Access token (16+ characters)', tokenSet: 'A token is set; leave empty to keep it', tokenNone: 'No token: this machine only', display: 'Display', kiosk: 'Kiosk mode', save: 'Save', levels: { no: 'no check', low: 'low', middle: 'middle', high: 'high' } },
};

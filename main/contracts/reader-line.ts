// The reader line's settings and their bounds, in one place: the reader service and the port
// opener use the defaults; the settings schema and the Settings screen offer the same choices.
// (No imports: the renderer bundles this file.)

/** The reader's default line: 115200 baud, 8N1. */
export const DEFAULT_BAUD = 115200;

/** The rates readers of this protocol are set to (115200 by default; older ones 9600–57600). */
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400] as const;

/**
 * Poll interval: a card is seen within this long of being laid down. Each idle poll is one find-card
 * round trip; at 80 ms idle polling costs about 1.1 % of a core through serialport's stock port on
 * the 2-core counter machines (target: at most 2 %) while the median card still reads within 50 ms
 * of its own transfer time (bench:reader).
 */
export const DEFAULT_POLL_MS = 80;

/** Shorter polls cost CPU for nothing a clerk can see; longer ones make the counter feel slow. */
export const POLL_MS_MIN = 20;
export const POLL_MS_MAX = 1000;

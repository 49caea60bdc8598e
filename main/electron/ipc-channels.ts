// The IPC channels: one per operation of the table (main/contracts/operations.ts), named as it is
// and registered by main/electron/ipc.ts. The preload forwards only names of that form (it does not
// import the table: the sandboxed preload stays a few lines); the main process answers only the
// table's operations (UNKNOWN_CHANNEL for any other name).
export const IPC_PREFIX = 'sophon:';
export const STATE_CHANNEL = 'sophon:counter-state:push';
/** An operation's name: camelCase letters (never the state push's channel). */
export const isChannelName = (s: unknown): s is string => typeof s === 'string' && /^[a-z][A-Za-z]{0,63}$/.test(s);

// The IPC channel names shared by the preload script (allow-list) and the main process. They are
// the channels of main/app/ipc-handlers.ts; a test keeps the two lists equal.
export const IPC_PREFIX = 'sophon:';
export const STATE_CHANNEL = 'sophon:counter-state:push';
export const IPC_CHANNELS = ['login', 'logout', 'counter-state', 'frame-check', 'compare', 'retry', 'override', 'band-decision', 'receipt', 'events', 'event', 'review', 'stats', 'events-csv', 'dashboard', 'event-unmask', 'audit-log', 'audit-csv', 'audit', 'settings', 'settings-save', 'reader-ports', 'diagnostics', 'users', 'user-create', 'user-change', 'user-reset-password', 'user-unlock', 'account', 'account-password', 'setup-state', 'setup-admin'] as const;

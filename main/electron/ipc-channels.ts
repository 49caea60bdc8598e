// The IPC channels shared by the preload script (allow-list) and the main process: one per
// operation of the table (main/contracts/operations.ts), named as it is.
import { OPERATION_NAMES } from '../contracts/operations.js';

export const IPC_PREFIX = 'sophon:';
export const STATE_CHANNEL = 'sophon:counter-state:push';
export const IPC_CHANNELS: readonly string[] = OPERATION_NAMES;

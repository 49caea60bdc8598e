// What the administrator's screens ask of the product (users, the first run, the own password),
// over the same transport as the rest: HTTP with the session's token in the web build, IPC in the
// desktop app. Answers are checked with the same zod schemas as the server's (main/contracts).
import type { z } from 'zod';
import { AccountSchema, SetupStateSchema, UserListSchema, UserSchema, type Account, type SetupState, type UserView } from '../../../main/contracts/users-api.js';
import { ApiError, type Role, type SophonApi } from './sophon-api.js';

export type { Account, SetupState, UserView };

export interface AdminApi {
  setupState(): Promise<SetupState>;
  setupAdmin(username: string, password: string): Promise<void>;
  account(): Promise<Account>;
  changeOwnPassword(current: string, next: string): Promise<void>;
  users(): Promise<UserView[]>;
  createUser(username: string, role: Role, password: string): Promise<UserView>;
  changeUser(id: number, change: { role?: Role; disabled?: boolean }): Promise<UserView>;
  resetPassword(id: number, password: string): Promise<UserView>;
  unlock(id: number): Promise<UserView>;
}

type Send = (http: { method: string; path: string; body?: unknown }, ipc: { channel: string; payload?: unknown }) => Promise<unknown>;

function checked<S extends z.ZodType>(schema: S, x: unknown): z.infer<S> {
  const r = schema.safeParse(x);
  if (!r.success) throw new ApiError(500, 'BAD_ANSWER', 'the service answered in an unexpected form');
  return r.data;
}

function httpSend(token: string | null, base = ''): Send {
  return async ({ method, path, body }) => {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { 'x-session-token': token } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch(() => {
      throw new ApiError(0, 'OFFLINE', 'the SophonMatch service cannot be reached');
    });
    const json = (await res.json().catch(() => null)) as { error?: { reason?: string; message?: string; details?: { fields?: Record<string, string> } } } | null;
    if (!res.ok) throw new ApiError(res.status, json?.error?.reason ?? `HTTP_${res.status}`, json?.error?.message ?? res.statusText, json?.error?.details?.fields ?? {});
    return json;
  };
}

function ipcSend(): Send {
  return async (_http, { channel, payload }) => {
    const r = await window.sophon!.invoke(channel, payload);
    if (!r.ok) throw new ApiError(r.error.status, r.error.reason, r.error.message, r.error.fields ?? {});
    return r.value;
  };
}

export function adminApi(api: SophonApi, token: string | null): AdminApi {
  const send = api.transport === 'ipc' ? ipcSend() : httpSend(token);
  const user = (x: unknown) => checked(UserSchema, x);
  return {
    setupState: async () => checked(SetupStateSchema, await send({ method: 'GET', path: '/api/v1/setup' }, { channel: 'setup-state' })),
    setupAdmin: async (username, password) => void (await send({ method: 'POST', path: '/api/v1/setup', body: { username, password } }, { channel: 'setup-admin', payload: { username, password } })),
    account: async () => checked(AccountSchema, await send({ method: 'GET', path: '/api/v1/account' }, { channel: 'account' })),
    changeOwnPassword: async (current, next) => void (await send({ method: 'PUT', path: '/api/v1/account/password', body: { current, next } }, { channel: 'account-password', payload: { current, next } })),
    users: async () => checked(UserListSchema, await send({ method: 'GET', path: '/api/v1/users' }, { channel: 'users' })).users,
    createUser: async (username, role, password) => user(await send({ method: 'POST', path: '/api/v1/users', body: { username, role, password } }, { channel: 'user-create', payload: { username, role, password } })),
    changeUser: async (id, change) => user(await send({ method: 'PATCH', path: `/api/v1/users/${id}`, body: change }, { channel: 'user-change', payload: { id, change } })),
    resetPassword: async (id, password) => user(await send({ method: 'POST', path: `/api/v1/users/${id}/password`, body: { password } }, { channel: 'user-reset-password', payload: { id, password } })),
    unlock: async (id) => user(await send({ method: 'POST', path: `/api/v1/users/${id}/unlock`, body: {} }, { channel: 'user-unlock', payload: { id } })),
  };
}

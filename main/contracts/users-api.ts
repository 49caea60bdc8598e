// The user administration API (/api/v1/users, /api/v1/account, /api/v1/setup), one schema per
// request and per answer: validation, types, and the same shapes over IPC in the desktop app.
import { z } from 'zod';

export const RoleSchema = z.enum(['clerk', 'supervisor', 'admin'], { message: 'one of clerk, supervisor, admin' });
const password = z.string().min(10, 'at least 10 characters').max(256, 'at most 256 characters');
const username = z.string().min(2, 'at least 2 characters').max(64, 'at most 64 characters');

export const UserIdSchema = z.coerce.number().int().positive();
export const NewUserSchema = z.object({ username, role: RoleSchema, password }).strict();
export const UserChangeSchema = z
  .object({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((c) => c.role !== undefined || c.disabled !== undefined, { message: 'give role or disabled' });
export const PasswordResetSchema = z.object({ password }).strict();
export const OwnPasswordSchema = z.object({ current: z.string().min(1).max(256), next: password }).strict();
export const FirstAdminSchema = z.object({ username, password }).strict();

export const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    locked_until: z.number().nullable(),
    must_change_password: z.boolean(),
    last_login_at: z.number().nullable(),
    created_at: z.number(),
  })
  .strict();
export type UserView = z.infer<typeof UserSchema>;
export const UserListSchema = z.object({ users: z.array(UserSchema) }).strict();
export const SetupStateSchema = z.object({ needed: z.boolean(), allowed: z.boolean() }).strict();
export type SetupState = z.infer<typeof SetupStateSchema>;
export const AccountSchema = z.object({ username: z.string(), role: RoleSchema, must_change_password: z.boolean() }).strict();
export type Account = z.infer<typeof AccountSchema>;

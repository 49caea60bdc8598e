// Masking for screens that receive full identity (event detail): the same rules as the server's
// main/common/mask.ts, which is the source of truth (kept in step by test/ui).
export const maskId = (id: string) => (id.length <= 8 ? '*'.repeat(id.length) : id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4));
export const maskName = (name: string) => {
  const c = [...name];
  return c.length <= 1 ? '*' : c[0] + '*'.repeat(c.length - 1);
};

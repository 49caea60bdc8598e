// Small HTTP helpers for the resilience tests: a request that always resolves (status 0 on a
// network error), timed, with the body parsed when it is JSON.
export interface Answer {
  status: number;
  ms: number;
  json: any;
  text: string;
  headers: Headers;
}

export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 60_000) });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, ms: performance.now() - t0, json, text, headers: res.headers };
  } catch (err) {
    return { status: 0, ms: performance.now() - t0, json: undefined, text: String((err as Error).message), headers: new Headers() };
  }
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** The documented error envelope: {error:{code,message,status,reason}} with code = HTTP status. */
export function isDocumentedError(a: Answer, statuses: Set<number>): boolean {
  const e = a.json?.error;
  return (
    statuses.has(a.status) &&
    e &&
    e.code === a.status &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    typeof e.status === 'string' &&
    typeof e.reason === 'string'
  );
}

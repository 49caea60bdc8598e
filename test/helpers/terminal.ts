// A command on a real terminal: util-linux `script` gives it a pty. Each prompt (output ending in
// ': ' or '] ') is answered with the next answer, as a person types it (then Enter).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const hasScript = spawnSync('script', ['--version']).status === 0;
const CLI = path.resolve('main/cli/sophonmatch.ts');
/** The command run without a terminal (its output as text), `env` over this process's environment. */
export const runCli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function onTerminal(
  args: string[],
  answers: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, '--import', 'tsx', CLI, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qefc', cmd, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SOPHONMATCH_ADMIN_PASSWORD: '', SOPHONMATCH_BACKUP_PASSPHRASE: '', ...env },
  });
  let out = '';
  let answered = 0;
  let seenPrompts = 0;
  child.stdout.on('data', (d) => {
    out += String(d).replace(ANSI, ''); // readline moves the cursor around its question
    const prompts = (out.match(/(: |\] )(?=$|\r?\n)/gm) ?? []).length;
    if (/(: |\] )$/.test(out) && prompts > seenPrompts && answered < answers.length) {
      seenPrompts = prompts;
      child.stdin.write(answers[answered++] + '\r');
    }
  });
  child.stderr.on('data', (d) => (out += d));
  // A command that waits for more than it was given is killed: the test fails with what it printed.
  const timer = setTimeout(() => {
    out += `\n[killed: still running after ${timeoutMs} ms]`;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
}

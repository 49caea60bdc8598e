// Reading a secret for a command: on a terminal, a prompt on stderr and the typed characters not
// echoed (raw mode; Backspace edits, Ctrl-C or Ctrl-D abandons); otherwise the first line of stdin.
export class PromptAbandoned extends Error {}

export async function firstLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let data = '';
  for await (const chunk of input) {
    data += String(chunk);
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

export function readHidden(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw;
    input.setRawMode(true); // before the prompt: nothing typed after it is echoed
    output.write(question);
    input.resume();
    input.setEncoding('utf8');
    let typed = '';
    const done = (err: Error | null) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new PromptAbandoned('abandoned at the prompt'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A new password: asked twice on a terminal (the two must match), else the first line of stdin. */
export async function readNewSecret(what: string): Promise<string> {
  if (!process.stdin.isTTY) return firstLine();
  const a = await readHidden(`${what}: `);
  const b = await readHidden(`${what} (again): `);
  if (a !== b) throw new PromptAbandoned('the two entries differ; nothing was changed');
  return a;
}

/** A yes/no confirmation on a terminal (anything but y/yes is no). */
export async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

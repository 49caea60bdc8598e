// The terminal's idle sign-out: no key, pointer or touch input for the counter's idle time
// (`counterIdleMinutes`, 5 by default) signs the screen out — the server then clears the counter's
// customer too (sign-out ends it), so an unattended terminal shows no one's data.
import { useEffect, useRef } from 'react';
import type { SophonApi } from '../api/sophon-api.js';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleSignOut(api: SophonApi, signedIn: boolean, onIdle: () => void): void {
  const idle = useRef(onIdle);
  idle.current = onIdle;
  useEffect(() => {
    if (!signedIn) return;
    let minutes: number | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const arm = () => {
      if (timer) clearTimeout(timer);
      if (minutes !== null) timer = setTimeout(() => !stopped && idle.current(), minutes * 60_000);
    };
    void api.settings().then(
      (s) => {
        minutes = typeof s.counterIdleMinutes === 'number' ? s.counterIdleMinutes : null;
        arm();
      },
      () => {},
    );
    for (const e of INPUT_EVENTS) window.addEventListener(e, arm, { passive: true });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const e of INPUT_EVENTS) window.removeEventListener(e, arm);
    };
  }, [api, signedIn]);
}

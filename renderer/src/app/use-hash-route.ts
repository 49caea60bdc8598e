// The screens' routes live in the URL hash (#/counter, #/events, #/receipt/ID …): no server
// routes needed, and the desktop app's custom protocol serves one page.
import { useEffect, useState } from 'react';

export function useHashRoute(): [string[], (to: string) => void] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => setParts(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [parts, (to: string) => void (location.hash = `#/${to}`)];
}

import { useEffect, useState } from 'react';

/** `Date.now()`, re-rendering once a second while mounted: the panels' live countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

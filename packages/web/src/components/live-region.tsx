import { useEffect, useRef, useState } from 'preact/hooks';

/** Props of {@link LiveRegion}. */
export interface LiveRegionProps {
  readonly message: string;
  /** Least time between two announcements, in milliseconds. */
  readonly minInterval?: number;
}

/**
 * Announces each update in words through a polite live region, and shows the same line to
 * sighted readers. On a busy night versions can arrive several times a second; a screen reader
 * would queue every one and fall minutes behind, so announcements are spaced at least
 * `minInterval` apart: the first comes at once, later ones say the latest standing when the
 * interval is up. The visible line always shows the newest.
 */
export function LiveRegion({ message, minInterval = 5000 }: LiveRegionProps) {
  const [spoken, setSpoken] = useState('');
  const lastSpoken = useRef(0);
  useEffect(() => {
    if (message === '') return undefined;
    const wait = lastSpoken.current + minInterval - Date.now();
    const speak = (): void => {
      lastSpoken.current = Date.now();
      setSpoken(message);
    };
    if (wait <= 0) {
      speak();
      return undefined;
    }
    const timer = setTimeout(speak, wait);
    return () => {
      clearTimeout(timer);
    };
  }, [message, minInterval]);
  return (
    <>
      <p class="latest-update" aria-hidden="true" data-testid="latest-update">
        {message}
      </p>
      <p
        class="visually-hidden"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="live-region"
      >
        {spoken}
      </p>
    </>
  );
}

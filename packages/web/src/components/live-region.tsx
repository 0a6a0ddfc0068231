/** Props of {@link LiveRegion}. */
export interface LiveRegionProps {
  readonly message: string;
}

/**
 * The polite live region that announces each update in words; also shown, so sighted readers
 * see the same line.
 */
export function LiveRegion({ message }: LiveRegionProps) {
  return (
    <p
      class="live-region"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      {message}
    </p>
  );
}

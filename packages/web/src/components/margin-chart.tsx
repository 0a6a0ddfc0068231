import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import type { ChoiceResult, HistoryPoint } from '../api/types.ts';
import { marginSeries } from '../geo/margin-series.ts';
import { formatPoints } from '../format/numbers.ts';
import { loadUPlot } from './load-uplot.ts';

/** Props of {@link MarginChart}. */
export interface MarginChartProps {
  readonly history: readonly HistoryPoint[];
  readonly choices: readonly ChoiceResult[];
  /** The two choices compared: the lead is `first − second`. */
  readonly first: ChoiceResult;
  readonly second: ChoiceResult;
  readonly colour: string;
}

const HEIGHT = 260;

function chartOptions(
  width: number,
  first: ChoiceResult,
  second: ChoiceResult,
  colour: string,
): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    scales: {
      x: { time: false, range: [0, 100] },
      // Symmetric about zero, so which side of the line a candidate is on reads at a glance.
      y: {
        range: (_u, min, max) => {
          const edge = Math.max(2, Math.abs(min), Math.abs(max)) * 1.1;
          return [-edge, edge];
        },
      },
    },
    axes: [
      {
        label: '% of precincts reporting',
        values: (_u, ticks) => ticks.map((tick) => `${String(tick)}%`),
      },
      {
        label: 'Lead (points)',
        size: 56,
        values: (_u, ticks) => ticks.map((tick) => (tick > 0 ? `+${String(tick)}` : String(tick))),
      },
    ],
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    series: [
      {},
      {
        label: `${first.name} − ${second.name} (points)`,
        stroke: colour,
        width: 2,
        points: { size: 5 },
      },
    ],
  };
}

function summary(
  first: ChoiceResult,
  second: ChoiceResult,
  reporting: readonly number[],
  points: readonly number[],
): string {
  if (points.length === 0)
    return `Chart of ${first.name}'s lead over ${second.name} as precincts report: no votes counted yet.`;
  const at = (index: number): string => {
    const value = points[index] ?? 0;
    const who = value >= 0 ? first.name : second.name;
    return `${who} ahead by ${formatPoints(Math.abs(value))} points with ${formatPoints(reporting[index] ?? 0)}% of precincts reporting`;
  };
  return `Chart of ${first.name}'s lead over ${second.name} as precincts reported, over ${points.length} updates: first ${at(0)}; latest ${at(points.length - 1)}.`;
}

/**
 * How the lead moved through the night: margin in points against the share of precincts
 * reporting, drawn with uPlot; its accessible name sums the curve up in words.
 */
export function MarginChart({ history, choices, first, second, colour }: MarginChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const firstIndex = choices.findIndex((choice) => choice.id === first.id);
  const secondIndex = choices.findIndex((choice) => choice.id === second.id);
  const { reporting, points } = marginSeries(history, firstIndex, secondIndex);

  useEffect(() => {
    const element = container.current;
    if (element === null) return undefined;
    let chart: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    const width = (): number => Math.max(280, element.clientWidth);
    // uPlot is half the page's script and below the fold: it loads after the first paint.
    void loadUPlot().then((UPlot) => {
      if (cancelled) return;
      const created = new UPlot(chartOptions(width(), first, second, colour), [[], []], element);
      chart = created;
      plot.current = created;
      created.setData(data.current);
      observer = new ResizeObserver(() => {
        created.setSize({ width: width(), height: HEIGHT });
      });
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
      plot.current = null;
    };
  }, [first.name, second.name, colour]);

  const data = useRef<[number[], number[]]>([[], []]);
  data.current = [reporting, points];
  useEffect(() => {
    plot.current?.setData([reporting, points]);
  });

  return (
    <figure class="margin-chart">
      <div
        ref={container}
        role="img"
        aria-label={summary(first, second, reporting, points)}
        data-testid="margin-chart"
      />
      <figcaption>
        {first.name}'s lead over {second.name}, in points of all votes counted, as precincts
        reported: above zero {first.name} leads, below zero {second.name} leads.
      </figcaption>
    </figure>
  );
}

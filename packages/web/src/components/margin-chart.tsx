import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChoiceResult, HistoryPoint } from '../api/types.ts';
import { marginSeries } from '../geo/margin-series.ts';
import { formatPoints } from '../format/numbers.ts';

/** Props of {@link MarginChart}. */
export interface MarginChartProps {
  readonly history: readonly HistoryPoint[];
  readonly choices: readonly ChoiceResult[];
  /** The two choices compared: the lead is `first − second`. */
  readonly first: ChoiceResult;
  readonly second: ChoiceResult;
  readonly colour: string;
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
    const width = (): number => Math.max(280, element.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 260,
        scales: {
          x: { time: false, range: [0, 100] },
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
            values: (_u, ticks) => ticks.map((tick) => `${tick}%`),
          },
          {
            label: 'Lead (points)',
            size: 56,
            values: (_u, ticks) => ticks.map((tick) => (tick > 0 ? `+${tick}` : `${tick}`)),
          },
        ],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        series: [
          {},
          { label: 'Lead (points)', stroke: colour, width: 2, points: { show: true, size: 5 } },
        ],
      },
      [[], []],
      element,
    );
    plot.current = chart;
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: width(), height: 260 });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [first.name, second.name, colour]);

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

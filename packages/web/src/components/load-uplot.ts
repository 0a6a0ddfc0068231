import type uPlot from 'uplot';

/** Loads uPlot and its stylesheet as a separate chunk. */
export async function loadUPlot(): Promise<typeof uPlot> {
  const [module] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
  return module.default;
}

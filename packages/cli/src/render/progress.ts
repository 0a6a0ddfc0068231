import { SingleBar, Presets } from 'cli-progress';

/** A progress reporter that draws a bar on a terminal and stays silent otherwise. */
export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly stop: () => void;
}

const MIN_BYTES_FOR_BAR = 8 << 20;

/** Creates a byte progress bar on `stream` when it is a terminal and the file is large. */
export function createProgress(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  let bar: SingleBar | null = null;
  return {
    update: (done, total) => {
      if (bar === null) {
        if (total < MIN_BYTES_FOR_BAR) return;
        bar = new SingleBar(
          { stream, format: 'importing [{bar}] {percentage}% | {value}/{total} MB | eta {eta}s' },
          Presets.shades_classic,
        );
        bar.start(Math.ceil(total / 1e6), 0);
      }
      bar.update(Math.floor(done / 1e6));
    },
    stop: () => {
      bar?.stop();
    },
  };
}

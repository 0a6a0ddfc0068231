import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main.ts';

/** The fields of a printed checkpoint this test reads. */
interface Checkpoint {
  readonly unitsFraction: number;
  readonly votesFraction: number;
  readonly projectedMargin: number;
  readonly call: unknown;
}

/** Runs the command line in this process with its output captured. */
async function run(
  _node: string,
  args: readonly string[],
): Promise<{ stdout: string; stderr: string }> {
  // Standard output carries the test runner's own reports, so the command writes to a file.
  const captured = { stdout: '', stderr: '' };
  const output = join(dir, 'output.json');
  writeFileSync(output, '');
  const err = process.stderr.write.bind(process.stderr);
  process.stderr.write = (text: string) => ((captured.stderr += text), true);
  let code: number;
  try {
    code = await main(['node', 'canvass', ...args, '--output', output]);
  } finally {
    process.stderr.write = err;
  }
  captured.stdout = readFileSync(output, 'utf8');
  if (code !== 0) throw Object.assign(new Error(captured.stderr), { code, ...captured });
  return captured;
}
const dir = mkdtempSync(join(tmpdir(), 'canvass-backtest-'));

// 60 precincts in three counties plus an absentee unit each; the current election swings toward
// DEM everywhere, by more in the third county, and turns out about 60% of the baseline.
const header = 'county,precinct,office,district,party,candidate,votes';
const current: string[] = [header];
const baseline: string[] = [header];
const order: string[] = [];
for (let c = 0; c < 3; c++)
  for (let p = 0; p <= 20; p++) {
    const county = ['Alpha', 'Beta', 'Gamma'][c] ?? '';
    const name = p === 20 ? 'ABSENTEE' : `${100 + p} COMMUNITY CENTER`;
    const size = 300 + ((p * 37 + c * 101) % 900);
    const dem2016 = Math.round(size * (0.2 + 0.03 * p));
    const rep2016 = size - dem2016;
    baseline.push(`${county},${name},President,,DEM,Clinton,${dem2016}`);
    baseline.push(`${county},${name},President,,REP,Trump,${rep2016}`);
    baseline.push(`${county},${name},President,,IND,Johnson,${Math.round(size * 0.03)}`);
    const turnout = Math.round(size * 0.6);
    const dem = Math.round(turnout * Math.min(0.95, 0.26 + 0.03 * p + 0.02 * c));
    const cut = p === 20 ? name : `PREC ${100 + p} - COMMUNITY CT`;
    current.push(`${county},${cut},UNITED STATES SENATOR,,DEM,Jones,${dem}.0`);
    current.push(`${county},${cut},UNITED STATES SENATOR,,REP,Moore,${turnout - dem}.0`);
    current.push(`${county},${cut},UNITED STATES SENATOR,,NON,Write-In,3.0`);
    order.push(`${county},${cut}`);
  }
const results = join(dir, 'results.csv');
const base = join(dir, 'baseline.csv');
writeFileSync(results, `${current.join('\n')}\n`);
writeFileSync(base, `${baseline.join('\n')}\n`);
const common = ['backtest', '--results', results, '--baseline', base];
const contests = ['--contest', 'UNITED STATES SENATOR', '--baseline-contest', 'President'];

describe('canvass backtest', () => {
  it('prints a JSON checkpoint per 5% of precincts plus 87.5, 92 and 97.5%', async () => {
    const orderFile = join(dir, 'order.csv');
    writeFileSync(orderFile, `county,precinct\n${[...order].reverse().join('\n')}\n`);
    const { stdout } = await run('node', [
      ...common,
      ...contests,
      '--order-file',
      orderFile,
      '--json',
    ]);
    const points = JSON.parse(stdout) as Checkpoint[];
    assert.equal(points.length, 23);
    const fractions = points.map((point) => point.unitsFraction);
    // 63 precincts: checkpoints round to whole precincts.
    assert.equal(fractions[0], Math.round(0.05 * 63) / 63);
    assert.equal(fractions.at(-1), 1);
    for (const key of [
      'unitsFraction',
      'votesFraction',
      'reportedMargin',
      'projectedMargin',
      'interval90',
      'interval99',
      'projectedTotalVotes',
      'call',
    ])
      assert.ok(key in (points[0] ?? {}), key);
    const last = points.at(-1);
    assert.ok(last !== undefined);
    const dem = current
      .filter((line) => line.includes(',DEM,'))
      .reduce((s, line) => s + Number(line.split(',').at(-1)), 0);
    const rep = current
      .filter((line) => line.includes(',REP,'))
      .reduce((s, line) => s + Number(line.split(',').at(-1)), 0);
    assert.ok(Math.abs(last.projectedMargin - (100 * (dem - rep)) / (dem + rep)) < 1e-9);
    assert.deepEqual(last.call, { winner: dem > rep ? 'DEM' : 'REP', kind: 'mathematical' });
    // Reversed order: the absentee unit of Gamma comes first.
    assert.ok((points[0]?.votesFraction ?? 0) > 0);
  });

  it('rejects a bad order file with the file, line and reason, and bad options', async () => {
    const orderFile = join(dir, 'bad-order.csv');
    writeFileSync(orderFile, `${order[0]}\nAlpha,NO SUCH PLACE\n${order[0]}\n`);
    await assert.rejects(
      run('node', [...common, ...contests, '--order-file', orderFile, '--json']),
      (error: { stderr: string; code: number }) => {
        assert.equal(error.code, 1);
        assert.match(
          error.stderr,
          /bad-order\.csv:2 \[precinct\] no precinct "NO SUCH PLACE" in county "Alpha"/,
        );
        assert.match(error.stderr, /bad-order\.csv:3 \[precinct\] ".*" already listed on line 1/);
        return true;
      },
    );
    await assert.rejects(
      run('node', [...common, ...contests, '--order', 'sideways']),
      (error: { stderr: string; code: number }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /--order takes random, by-county/);
        return true;
      },
    );
    await assert.rejects(
      run('node', [
        ...common,
        '--contest',
        'GOVERNOR',
        '--baseline-contest',
        'President',
        '--order',
        'random',
      ]),
      (error: { stderr: string }) => {
        assert.match(error.stderr, /no contest named "GOVERNOR"/);
        return true;
      },
    );
  });
});

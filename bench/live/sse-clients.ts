// Child process of bench/live/fanout.ts: opens N event-stream connections, says "ready" when all
// are open, then records when each receives its first `results` event and prints the arrival
// times (high-resolution epoch milliseconds) as JSON.
import { Agent, request } from 'node:http';

const [url, countText, timeoutText] = process.argv.slice(2);
const count = Number(countText);
const timeoutMs = Number(timeoutText ?? '30000');
if (url === undefined || !Number.isFinite(count))
  throw new Error('usage: sse-clients.ts URL COUNT [TIMEOUT_MS]');

const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const arrivals: number[] = [];
let open = 0;
let failed = 0;
const now = (): number => performance.timeOrigin + performance.now();

function finish(): void {
  process.stdout.write(`${JSON.stringify({ arrivals, failed })}\n`);
  process.exit(0);
}

for (let i = 0; i < count; i++) {
  const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
    let seen = false;
    let tail = '';
    open++;
    if (open + failed === count) process.stdout.write('ready\n');
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (seen) return;
      tail = (tail + chunk).slice(-4096);
      if (tail.includes('event: results')) {
        seen = true;
        arrivals.push(now());
        if (arrivals.length === open) finish();
      }
    });
  });
  req.on('error', () => {
    failed++;
    if (open + failed === count) process.stdout.write('ready\n');
  });
  req.end();
}
process.stdin.on('data', () => {
  setTimeout(finish, timeoutMs).unref();
});

// Child process of bench/live/fanout.ts: opens N event-stream connections, says "ready" when all
// are open, then records when each receives its first `results` event and prints the arrival
// times (high-resolution epoch milliseconds) as JSON.
//
// The clients are raw TCP sockets that send the GET by hand and scan the bytes for the event, not
// node:http requests: ten thousand real readers run on ten thousand machines, and parsing HTTP
// for all of them on one core of this machine took longer than the server's own fan-out, so the
// bench measured its client. Scanning raw bytes keeps the client's share small.
import { connect, type Socket } from 'node:net';

const [url, countText, timeoutText] = process.argv.slice(2);
const count = Number(countText);
const timeoutMs = Number(timeoutText ?? '30000');
if (url === undefined || !Number.isFinite(count))
  throw new Error('usage: sse-clients.ts URL COUNT [TIMEOUT_MS]');

const target = new URL(url);
const requestBytes = Buffer.from(
  `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
    'Accept: text/event-stream\r\n\r\n',
);
const STATUS_OK = Buffer.from('HTTP/1.1 200');
const MARKER = Buffer.from('event: results');
const arrivals: number[] = [];
const sockets: Socket[] = [];
let open = 0;
let failed = 0;
const now = (): number => performance.timeOrigin + performance.now();

function finish(): void {
  process.stdout.write(`${JSON.stringify({ arrivals, failed })}\n`);
  for (const socket of sockets) socket.destroy();
  process.exit(0);
}

function settled(): void {
  if (open + failed === count) process.stdout.write('ready\n');
}

// One read buffer for every socket (`onread`): a read is handled synchronously before the next
// one, so nothing outlives it except the few bytes carried over, which are copied.
const readBuffer = Buffer.alloc(64 * 1024);

for (let i = 0; i < count; i++) {
  let answered = false;
  let seen = false;
  // The marker may straddle two reads: keep (a copy of) the end of the previous one.
  let carry: Buffer = Buffer.alloc(0);
  const onRead = (length: number, buffer: Buffer): boolean => {
    if (seen) return true;
    const read = buffer.subarray(0, length);
    const bytes = carry.length === 0 ? read : Buffer.concat([carry, read]);
    if (!answered) {
      answered = true;
      if (bytes.subarray(0, STATUS_OK.length).equals(STATUS_OK)) open++;
      else failed++;
      settled();
    }
    if (bytes.includes(MARKER)) {
      seen = true;
      arrivals.push(now());
      if (arrivals.length === open) finish();
      return true;
    }
    carry = Buffer.from(bytes.subarray(Math.max(0, bytes.length - MARKER.length)));
    return true;
  };
  const socket = connect({
    port: Number(target.port),
    host: target.hostname,
    noDelay: true,
    onread: { buffer: readBuffer, callback: onRead },
  });
  sockets.push(socket);
  socket.on('connect', () => socket.write(requestBytes));
  socket.on('error', () => {
    if (answered) return;
    answered = true;
    failed++;
    settled();
  });
}
process.stdin.on('data', () => {
  setTimeout(finish, timeoutMs).unref();
});

// Child process of the process benches: one server, `relay` (startServer with every limit at its default) or
// `bare` (bench/bare-server.ts), on the given port; answers `cpu`, `heap` and `rejections` over IPC.
import { startServer } from '../server/server.js';
import { startBareServer } from './bare-server.js';
import { cpuMicros, heapAfterGc, serve } from './ipc.js';

const [kind, portText] = process.argv.slice(2);
const port = Number(portText);

if (kind === 'relay') {
  // Production defaults: every limit on, process metrics on; only the log level is quieter than `info` (no "client not built" warning).
  const relay = await startServer({ port, host: '127.0.0.1', logLevel: 'error' });
  serve(
    {
      cpu: () => cpuMicros(),
      heap: () => heapAfterGc(),
      /** Rejected events by error code since start (the relay's own counter), and slow consumers cut by reason. */
      rejections: async () => {
        const { values } = await relay.metrics.rejections.get();
        const rejected = Object.fromEntries(values.map((v) => [String(v.labels.code), v.value]));
        // Connections the slow-consumer guard cut (a load process starved of CPU stops reading): also unfair.
        const cuts = await relay.metrics.slowConsumerDisconnects.get();
        for (const v of cuts.values) rejected[`slow-consumer ${String(v.labels.reason)}`] = v.value;
        return rejected;
      },
      exit: () => relay.close(),
    },
    relay.url,
  );
} else if (kind === 'bare') {
  const bare = await startBareServer(port);
  serve(
    { cpu: () => cpuMicros(), heap: () => heapAfterGc(), rejections: () => ({}), exit: () => bare.close() },
    bare.url,
  );
} else {
  throw new Error(`usage: server-child.ts relay|bare PORT (got ${kind})`);
}

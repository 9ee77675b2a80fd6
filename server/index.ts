// CLI entry: read the environment, start one relay node; SIGTERM/SIGINT drain it and exit within DRAIN_TIMEOUT_MS.
import { networkInterfaces } from 'node:os';
import { symbols } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { type RunningServer, startServer } from './server.js';
import { errorName } from './log.js';
import { startupBanner, startupUrls } from './startup-urls.js';

/**
 * Say where to open the app: one structured log line for machines and a few plain lines on stdout for a
 * person. Printed once per start, TTY or not (docker logs and journald show it; a JSON log reader skips it).
 */
function announce(server: RunningServer): void {
  const urls = startupUrls({
    https: server.tlsCert !== undefined,
    host: server.config.host,
    port: server.port,
    basePath: server.config.basePath,
    interfaces: networkInterfaces(),
  });
  server.log.info({ local: urls.local, lan: urls.lan }, 'open curvechat in a browser');
  const banner = `\n${startupBanner(urls).join('\n')}\n\n`;
  // Through pino's own (asynchronous) stdout stream when it has one, so the JSON lines already queued come
  // first and the banner is not split by them.
  const stream = (server.log as unknown as Record<symbol, { write?: unknown } | undefined>)[
    symbols.streamSym
  ];
  if (typeof stream?.write === 'function') (stream as { write(text: string): void }).write(banner);
  else process.stdout.write(banner);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`curvechat: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const server = await startServer(config);
  announce(server);
  // Last line of defence for "never crash": a library promise nobody awaited is logged, not fatal.
  process.on('unhandledRejection', (reason: unknown) => {
    server.log.error({ err: errorName(reason) }, 'unhandled rejection (ignored)');
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    server.log.info({ signal, drainTimeoutMs: config.drainTimeoutMs }, 'shutting down');
    // Hard bound: whatever happens, the process is gone after DRAIN_TIMEOUT_MS.
    setTimeout(() => {
      server.log.error('drain timed out: exiting');
      process.exit(1);
    }, config.drainTimeoutMs).unref();
    server.drain().then(
      () => {
        server.log.info('drained: bye');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`curvechat: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

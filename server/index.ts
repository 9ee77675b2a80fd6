// CLI entry: read the environment, start one relay node; SIGTERM/SIGINT drain it and exit within DRAIN_TIMEOUT_MS.
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';
import { errorName } from './log.js';

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

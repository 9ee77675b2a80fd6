// The TcpBalancer as a process of its own, for the browser fault test (e2e/multinode.spec.ts) or by hand:
//   node --import tsx test/integration/tcp-proxy.ts <listen port, 0 for a free one> <backend port>...
// Prints {"listening":<port>} once ready and {"routed":<backend>} for every connection it pipes.
// Reads commands on stdin, one a line: `order <port>,<port>,...` (backends to try, in order, for new
// connections) answered with {"order":[...]}. Exits when stdin closes.
import { TcpBalancer } from './balancer.js';

const [listenArg = '0', ...backendArgs] = process.argv.slice(2);
const balancer = new TcpBalancer(backendArgs.map(Number));
const say = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
balancer.onRouted = (backend) => say({ routed: backend });
await balancer.listen(Number(listenArg));
say({ listening: balancer.port });

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let newline: number;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const [command, arg = ''] = buffered.slice(0, newline).trim().split(/\s+/);
    buffered = buffered.slice(newline + 1);
    if (command === 'order') {
      balancer.backends = arg.split(',').map(Number).filter(Number.isInteger);
      say({ order: balancer.backends });
    } else if (command) say({ error: `unknown command ${command}` });
  }
});
process.stdin.on('end', () => {
  void balancer.close().finally(() => process.exit(0));
});

// Many sockets, one member (docs/security.md): socket cap per member, connection cap per address with TRUST_PROXY,
// the rate budget shared by a member's sockets, and one `who` listing per room shared by all askers; real relay processes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Node, killAll, startNode } from './cluster.js';
import {
  type Client,
  call,
  closeAll,
  connect,
  joinAs,
  joinMembers,
  metricValue,
  newResume,
  refusesConnection,
  waitFor,
} from './helpers.js';

const codeOf = (ack: any): string => (ack.ok ? 'ok' : ack.error.code);
const metric = async (node: Node, name: string, labels = ''): Promise<number> =>
  metricValue(await (await fetch(`${node.url}/metrics`)).text(), name, labels);

// `main`: default socket and address caps, a member budget smaller than the socket budget, a long `who` TTL.
// `capped`: 3 connections per address, X-Forwarded-For not trusted. `proxied`: 2 per address behind one proxy.
const nodes: Record<'main' | 'capped' | 'proxied', Node> = {} as any;
before(async () => {
  const [main, capped, proxied] = await Promise.all([
    startNode('main', {
      RATE_MEMBER_BURST: '20',
      RATE_MEMBER_EVENTS_PER_SECOND: '1',
      WHO_LISTING_TTL_MS: '60000',
    }),
    startNode('capped', { MAX_CONNECTIONS_PER_ADDRESS: '3' }),
    startNode('proxied', { MAX_CONNECTIONS_PER_ADDRESS: '2', TRUST_PROXY: '1' }),
  ]);
  Object.assign(nodes, { main, capped, proxied });
});
after(async () => {
  await killAll();
});

describe('many sockets, one member', () => {
  test('only MAX_SOCKETS_PER_MEMBER (4) of 10 sockets under one resume join; a freed slot can be taken again', async () => {
    const { main } = nodes;
    const resume = newResume();
    const sockets = await Promise.all(Array.from({ length: 10 }, () => connect(main.url)));
    const acks = await Promise.all(sockets.map((s) => call(s, 'join', { room: 'tabs', name: 'M', resume })));
    const joined = sockets.filter((_, i) => acks[i].ok);
    const refused = sockets.filter((_, i) => !acks[i].ok);
    assert.equal(joined.length, 4, acks.map(codeOf).join(','));
    for (const ack of acks.filter((a) => !a.ok)) {
      assert.equal(ack.error.code, 'rate-limited');
      assert.equal(ack.error.limit, 4);
    }
    assert.equal(await metric(main, 'curvechat_member_socket_refusals_total'), 6);
    // A leave frees a slot at once; a disconnect frees one when the relay has handled it.
    assert.equal(codeOf(await call(joined[0] as Client, 'leave', {})), 'ok');
    assert.equal(codeOf(await call(refused[0] as Client, 'join', { room: 'tabs', name: 'M', resume })), 'ok');
    (joined[1] as Client).disconnect();
    await waitFor(
      'a slot freed by a disconnect',
      async () => (await call(refused[1] as Client, 'join', { room: 'tabs', name: 'M', resume })).ok,
    );
    // Another member is not affected.
    const other = await joinAs(main.url, 'tabs', 'Other');
    closeAll(...sockets, other.socket);
  });

  test('the sockets of one member share one rate budget (RATE_MEMBER_BURST 20), each under its own (60)', async () => {
    const { main } = nodes;
    const first = await joinAs(main.url, 'budget', 'M');
    const rest = await Promise.all([1, 2, 3].map(() => joinAs(main.url, 'budget', 'M', first.resume)));
    const tabs = [first, ...rest];
    const bystander = await joinAs(main.url, 'budget', 'B');
    const step = (s: Client) => call(s, 'step', { phase: 'p', detail: {} });
    // 4 sockets × 10 steps = 40 events: a quarter of each socket's own burst, twice the member's.
    const codes = (
      await Promise.all(tabs.flatMap((t) => Array.from({ length: 10 }, () => step(t.socket))))
    ).map(codeOf);
    const ok = codes.filter((c) => c === 'ok').length;
    // The member bucket refills at 1/s, so a slow machine may let a few more through; never most of the 40.
    assert.ok(ok >= 20 && ok <= 30, codes.join(','));
    assert.equal(codes.filter((c) => c === 'rate-limited').length, 40 - ok);
    assert.equal(codeOf(await step(bystander.socket)), 'ok', 'another member keeps its own budget');
    closeAll(...tabs.map((t) => t.socket), bystander.socket);
  });

  test('`who` from many askers in a burst makes one room listing; a join on this node lists again', async () => {
    const { main } = nodes;
    const askers = await joinMembers(main.url, 'listing', ...Array.from({ length: 20 }, (_, i) => `A${i}`));
    const before = await metric(main, 'curvechat_room_listings_total');
    const acks = await Promise.all(askers.map((a) => call(a.socket, 'who', {})));
    for (const ack of acks) assert.equal(ack.peers.length, 19);
    assert.equal(await metric(main, 'curvechat_room_listings_total'), before + 1);
    // The shared listing is dropped when this node sees the room change: a newcomer is listed at once.
    const late = await joinAs(main.url, 'listing', 'Late');
    const again = await call((askers[0] as (typeof askers)[0]).socket, 'who', {});
    assert.ok(again.peers.some((p: { id: string }) => p.id === late.id));
    closeAll(...askers.map((a) => a.socket), late.socket);
  });

  test('MAX_CONNECTIONS_PER_ADDRESS refuses past the cap, counted in /metrics; X-Forwarded-For is ignored by default', async () => {
    const { capped } = nodes;
    const open = await Promise.all(
      [1, 2, 3].map((i) => connect(capped.url, { extraHeaders: { 'X-Forwarded-For': `10.0.0.${i}` } })),
    );
    assert.equal(await refusesConnection(capped.url), true);
    assert.equal(await refusesConnection(capped.url, { 'X-Forwarded-For': '10.9.9.9' }), true);
    assert.equal(await metric(capped, 'curvechat_address_refusals_total'), 2);
    (open[0] as Client).disconnect();
    await waitFor(
      'a connection slot freed by a disconnect',
      async () => !(await refusesConnection(capped.url)),
    );
    closeAll(...open);
  });

  test('TRUST_PROXY=1 counts the address the proxy put last in X-Forwarded-For', async () => {
    const { proxied } = nodes;
    const via = (address: string) => ({ 'X-Forwarded-For': address });
    const two = await Promise.all([1, 2].map(() => connect(proxied.url, { extraHeaders: via('10.0.0.1') })));
    assert.equal(await refusesConnection(proxied.url, via('10.0.0.1')), true);
    // A client cannot escape by prepending its own entries: only the proxy's (last) one counts.
    assert.equal(await refusesConnection(proxied.url, via('6.6.6.6, 10.0.0.1')), true);
    const otherClient = await connect(proxied.url, { extraHeaders: via('10.0.0.2') });
    assert.equal(await metric(proxied, 'curvechat_address_refusals_total'), 2);
    closeAll(...two, otherClient);
  });
});

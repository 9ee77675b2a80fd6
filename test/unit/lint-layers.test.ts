// The layer rule (eslint/layers.js): an upward import fails lint with a message naming both layers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

/** The messages of the curvechat/layers rule for `code` linted as if it were the file `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'curvechat/layers').map((m) => m.message);
}

test('upward imports fail: crypto → session, math → session, session → views, models → views', async () => {
  const cases: [string, string, RegExp][] = [
    [
      'client/crypto/x.ts',
      "import type { X } from '../session/types.js';",
      /client\/crypto \(layer 1\) may not import client\/session \(layer 3\)/,
    ],
    [
      'client/math/x.ts',
      "import { y } from '../session/peers.js';",
      /client\/math \(layer 2\) may not import client\/session/,
    ],
    [
      'client/session/x.ts',
      "export { z } from '../components/format.js';",
      /client\/session \(layer 3\) may not import views/,
    ],
    ['client/viz/model/x.ts', "import { c } from '../canvas.js';", /models \(layer 4\) may not import views/],
    [
      'client/lab/model/x.ts',
      "const m = await import('../curvechat-eve-panel.js');",
      /models .* may not import views/,
    ],
    [
      'common/x.ts',
      "import { c } from '../client/crypto/hex.js';",
      /common \(layer 0\) may not import client\/crypto/,
    ],
    ['client/crypto/x.ts', "import { html } from 'lit';", /may not import 'lit'/],
    ['client/math/x.ts', "import { io } from 'socket.io-client';", /may not import 'socket.io-client'/],
    ['common/x.ts', "import { html } from 'lit';", /common\/ may not import 'lit'/],
    ['server/x.ts', "import { hex } from '../client/crypto/hex.js';", /the relay may import only common/],
    ['client/session/x.ts', "import { a } from '../../server/config.js';", /may not import the relay/],
  ];
  for (const [file, code, expected] of cases) {
    const errors = await layerErrors(file, code);
    assert.equal(errors.length, 1, `${file}: ${code} → ${JSON.stringify(errors)}`);
    assert.match(errors[0]!, expected);
    assert.match(errors[0]!, /docs\/architecture\.md#layers|may not import '/);
  }
});

test('downward and same-layer imports pass', async () => {
  const cases: [string, string][] = [
    ['client/math/x.ts', "import { h } from '../crypto/hex.js';"],
    ['client/session/x.ts', "import { m } from '../math/toy.js';"],
    ['client/viz/model/x.ts', "import { s } from '../../session/types.js';"],
    ['client/viz/x.ts', "import { f } from './model/format.js';"],
    ['client/components/x.ts', "import { e } from '../lab/model/eve.js'; import { html } from 'lit';"],
    ['client/providers.ts', "import { t } from './math/toy.js';"],
    ['server/x.ts', "import { w } from '../common/wire.js';"],
    ['common/x.ts', "import * as z from 'zod/mini';"],
    ['client/session/x.ts', "import { io } from 'socket.io-client';"],
  ];
  for (const [file, code] of cases) assert.deepEqual(await layerErrors(file, code), [], `${file}: ${code}`);
});
